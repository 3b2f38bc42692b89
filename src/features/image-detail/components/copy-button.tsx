import { useEffect, useState } from 'react';

type CopyState = 'idle' | 'copied' | 'failed';

interface CopyButtonProps {
  text: string;
  /** The accessible name, saying what is copied: "Copy digest". */
  label: string;
}

/** Copies `text` and says so for a moment, visibly and to screen readers. */
export function CopyButton({ text, label }: CopyButtonProps) {
  const [state, setState] = useState<CopyState>('idle');
  useEffect(() => {
    if (state === 'idle') return undefined;
    const timer = setTimeout(() => setState('idle'), 1500);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // No clipboard permission (insecure origin, denied prompt): the text stays selectable.
      setState('failed');
    }
  }

  return (
    <button
      type="button"
      className="image-detail__copy"
      aria-label={label}
      title={state === 'failed' ? 'Could not copy: select the text instead' : label}
      data-state={state}
      onClick={() => void copy()}
    >
      <svg aria-hidden="true" viewBox="0 0 16 16" width="14" height="14">
        <path
          d={
            state === 'copied'
              ? 'M3 8.5l3 3 7-7'
              : state === 'failed'
                ? 'M4 4l8 8M12 4l-8 8'
                : 'M5.5 5.5h7v8h-7zM3.5 10.5v-8h7'
          }
          fill="none"
          stroke="currentColor"
          strokeWidth="1.4"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      <span className="visually-hidden" role="status">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : ''}
      </span>
    </button>
  );
}
