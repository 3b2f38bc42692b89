import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../../components/cells';

/** A section of the panel: a region named by its heading. */
export function DetailSection({
  id,
  title,
  children,
  aside,
}: {
  id: string;
  title: string;
  children: ReactNode;
  /** Small text beside the heading (a count, a source). */
  aside?: ReactNode;
}) {
  const headingId = `image-detail-${id}`;
  return (
    <section className="image-detail__section" aria-labelledby={headingId}>
      <div className="image-detail__section-head">
        <h3 id={headingId}>{title}</h3>
        {aside ? <span className="image-detail__section-aside">{aside}</span> : null}
      </div>
      {children}
    </section>
  );
}

export function FieldList({ children }: { children: ReactNode }) {
  return <dl className="image-detail__fields">{children}</dl>;
}

/** One term and its value; an empty value reads as a muted dash. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  const empty = children === '' || children === null || children === undefined;
  return (
    <div className="image-detail__field">
      <dt>{label}</dt>
      <dd>{empty ? <span className="muted">—</span> : children}</dd>
    </div>
  );
}

/** A value shown whole (wrapping anywhere, monospace) with a copy button; `label` names the value. */
export function CopyableValue({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation('detail');
  if (!value) return <span className="muted">—</span>;
  return (
    <span className="image-detail__copyable">
      <code>{value}</code>
      <CopyButton text={value} label={t('copy', { what: label })} className="image-detail__copy" />
    </span>
  );
}
