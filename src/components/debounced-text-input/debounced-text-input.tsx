import { useEffect, useRef, useState, type InputHTMLAttributes } from 'react';

/**
 * Typing pauses this long before the URL (and so the query) changes: the one delay of every text
 * filter (image lists, their namespace suggestions, ACR repositories).
 */
export const TEXT_DEBOUNCE_MS = 300;

interface DebouncedTextInputProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange' | 'defaultValue'
> {
  /** The value in the URL. */
  value: string;
  /** Called once typing pauses, with the trimmed text ("" clears the filter). */
  onCommit: (value: string) => void;
}

/**
 * A text input that writes to the URL after a pause, not on every key stroke, and follows the URL
 * when it changes from elsewhere (a removed chip, back and forward).
 */
export function DebouncedTextInput({ value, onCommit, ...inputProps }: DebouncedTextInputProps) {
  const [draft, setDraft] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // Follow the URL when it changes from elsewhere (adjusting state while rendering, as React
  // recommends over an effect).
  const [seenValue, setSeenValue] = useState(value);
  if (seenValue !== value) {
    setSeenValue(value);
    setDraft(value);
  }
  useEffect(() => () => clearTimeout(timer.current), []);

  const commit = (next: string) => {
    clearTimeout(timer.current);
    if (next.trim() !== value) onCommit(next.trim());
  };

  return (
    <input
      {...inputProps}
      type={inputProps.type ?? 'text'}
      value={draft}
      onChange={(event) => {
        const next = event.target.value;
        setDraft(next);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => commit(next), TEXT_DEBOUNCE_MS);
      }}
      onKeyDown={(event) => {
        // Enter applies at once, without waiting for the pause.
        if (event.key === 'Enter') commit(draft);
        inputProps.onKeyDown?.(event);
      }}
    />
  );
}
