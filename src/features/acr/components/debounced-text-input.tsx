import { useEffect, useId, useState } from 'react';

interface DebouncedTextInputProps {
  label: string;
  /** The committed value (from the URL). */
  value: string;
  /** Called once typing pauses, or at once on Enter. */
  onCommit: (value: string) => void;
  placeholder?: string;
  delayMs?: number;
}

/**
 * A filter box that writes to the URL only when typing pauses, so each keystroke is not a
 * history entry and an upstream call. Back/forward (a new `value`) replace what is typed.
 */
export function DebouncedTextInput({
  label,
  value,
  onCommit,
  placeholder,
  delayMs = 350,
}: DebouncedTextInputProps) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  // A new value from outside (back/forward, "clear filters") replaces the draft, during render
  // rather than in an effect so no stale frame shows the old text.
  const [shownValue, setShownValue] = useState(value);
  if (shownValue !== value) {
    setShownValue(value);
    setDraft(value);
  }
  useEffect(() => {
    if (draft.trim() === value) return undefined;
    const timer = setTimeout(() => onCommit(draft.trim()), delayMs);
    return () => clearTimeout(timer);
  }, [draft, value, delayMs, onCommit]);

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={draft}
        placeholder={placeholder}
        maxLength={128}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && draft.trim() !== value) onCommit(draft.trim());
        }}
      />
    </div>
  );
}
