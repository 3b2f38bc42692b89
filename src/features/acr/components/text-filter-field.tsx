import { useId } from 'react';
import { DebouncedTextInput } from '../../../components/debounced-text-input';

interface TextFilterFieldProps {
  label: string;
  /** The committed value (from the URL). */
  value: string;
  /** Called once typing pauses, or at once on Enter. */
  onCommit: (value: string) => void;
  placeholder?: string;
}

/**
 * A labelled filter box that writes to the URL only when typing pauses, so each keystroke is not
 * a history entry and an upstream call. Back/forward (a new `value`) replace what is typed.
 */
export function TextFilterField({ label, value, onCommit, placeholder }: TextFilterFieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <DebouncedTextInput
        id={id}
        className="text-input"
        type="search"
        value={value}
        placeholder={placeholder}
        maxLength={128}
        spellCheck={false}
        autoComplete="off"
        onCommit={onCommit}
      />
    </div>
  );
}
