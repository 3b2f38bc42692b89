import { useId, type ReactNode } from 'react';
import { useFixedT } from '../../../i18n/translator';
import type { SearchPatch } from '../../../lib/url-state';
import type { ParamIssue } from '../../../shared/contracts';

/** A control of the filters panel: its filter, the URL's parameters, the BFF's 400, the writer. */
export interface FilterControlProps<TFilter> {
  filter: TFilter;
  /** The URL's list parameters: the control reads the ones its filter writes. */
  record: Readonly<Record<string, string>>;
  issue: ParamIssue | undefined;
  onChange: (patch: SearchPatch) => void;
}

/** The BFF's 400 for a parameter, shown beside the control that sets it. */
export function FieldError({ id, issue }: { id: string; issue: ParamIssue | undefined }) {
  const t = useFixedT('lists');
  if (!issue) return null;
  return (
    <p id={id} className="filter-field__error" role="alert">
      {t('page.fieldError', { field: issue.field, message: issue.message })}
    </p>
  );
}

/** The issue for any of `params`, if the BFF named one of them. */
export function issueFor(
  issue: ParamIssue | undefined,
  params: readonly string[],
): ParamIssue | undefined {
  return issue && params.includes(issue.field) ? issue : undefined;
}

/**
 * A filter of two bounds (time, size): its legend, the lower and the upper bound's controls, what
 * else it offers (`children`) and the BFF's 400 for either.
 */
export function RangeFieldset({
  variant,
  label,
  issue,
  lower,
  upper,
  children,
}: {
  /** The `filter-field--<variant>` and `<variant>-range` layouts. */
  variant: 'time' | 'size';
  /** The filter's label: a `lists` catalogue key. */
  label: string;
  issue: ParamIssue | undefined;
  lower: ReactNode;
  upper: ReactNode;
  children?: ReactNode;
}) {
  const t = useFixedT('lists');
  const errorId = useId();
  return (
    <fieldset
      className={`filter-field filter-field--${variant}`}
      aria-describedby={issue ? errorId : undefined}
    >
      <legend>{t(label)}</legend>
      <div className={`${variant}-range`}>
        {lower}
        <span aria-hidden="true">–</span>
        {upper}
      </div>
      {children}
      <FieldError id={errorId} issue={issue} />
    </fieldset>
  );
}
