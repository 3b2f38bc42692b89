import { useFixedT } from '../../i18n/translator';
import { shortDigest } from '../../lib/format';
import { CopyButton } from './copy-button';

/** A digest shortened to its algorithm and 12 hex digits, full on hover, with a copy button. */
export function Digest({ value }: { value: string }) {
  const t = useFixedT('table');
  if (!value) return <span className="muted">{t('cells.none')}</span>;
  return (
    <span className="digest">
      <code className="digest__text" title={value}>
        {shortDigest(value)}
      </code>
      {/* Drawn, not a font glyph (Linux Chromium has no "⧉"). */}
      <CopyButton text={value} label={t('cells.copyDigest', { digest: shortDigest(value) })} />
    </span>
  );
}
