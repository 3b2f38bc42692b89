import './copy-button.css';
import { useEffect, useState } from 'react';
import { useFixedT } from '../../i18n/translator';

interface CopyButtonProps {
  text: string;
  /** The accessible name, saying what is copied: "Copy digest of v1.2.0". */
  label: string;
  /** The button's class where it needs its own look (the detail drawer's fields). */
  className?: string;
}

type CopyState = 'idle' | 'copied' | 'failed';

/** Copies `text` to the clipboard and says so for a moment (also to screen readers). */
export function CopyButton({ text, label, className = 'copy-button' }: CopyButtonProps) {
  const t = useFixedT('table');
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
      // No clipboard permission (an insecure origin, a denied prompt): say so, leave the text visible.
      setState('failed');
    }
  }

  return (
    <button
      type="button"
      className={className}
      aria-label={label}
      title={state === 'failed' ? t('cells.copyFailedTitle') : label}
      data-state={state}
      onClick={(event) => {
        // A copy inside a row must not open the row as well.
        event.stopPropagation();
        void copy();
      }}
      onDoubleClick={(event) => event.stopPropagation()}
    >
      <CopyIcon state={state} />
      <span className="visually-hidden" role="status">
        {state === 'copied' ? t('cells.copied') : state === 'failed' ? t('cells.copyFailed') : ''}
      </span>
    </button>
  );
}

/** Drawn, not a glyph: no font on every machine has a "copy" character. */
function CopyIcon({ state }: { state: CopyState }) {
  const path =
    state === 'copied'
      ? 'M3 8.5l3 3 7-7'
      : state === 'failed'
        ? 'M4 4l8 8M12 4l-8 8'
        : 'M5.5 5.5h7v8h-7zM3.5 10.5v-8h7';
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" width="14" height="14">
      <path
        d={path}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/** A shortened hash or id in monospace, the whole value on hover, with a copy button. */
export function CopyableHash({
  value,
  short,
  label,
}: {
  value: string;
  short: string;
  label: string;
}) {
  const t = useFixedT('table');
  if (!value) return <span className="muted">{t('cells.none')}</span>;
  return (
    <span className="copyable">
      <code title={value}>{short}</code>
      <CopyButton text={value} label={label} />
    </span>
  );
}
