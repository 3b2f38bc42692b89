import { useState } from 'react';
import { shortDigest } from '../../lib/format';

/** A digest shortened to its algorithm and 12 hex digits, full on hover, with a copy button. */
export function Digest({ value }: { value: string }) {
  const [copied, setCopied] = useState(false);
  if (!value) return <span className="muted">—</span>;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // No clipboard permission (e.g. an insecure origin): the full digest is in the title.
      setCopied(false);
    }
  };
  return (
    <span className="digest">
      <code className="digest__text" title={value}>
        {shortDigest(value)}
      </code>
      <button
        type="button"
        className="icon-button"
        aria-label={copied ? 'Digest copied' : `Copy digest ${shortDigest(value)}`}
        title={copied ? 'Copied' : 'Copy the full digest'}
        onClick={() => void copy()}
      >
        {copied ? '✓' : '⧉'}
      </button>
    </span>
  );
}
