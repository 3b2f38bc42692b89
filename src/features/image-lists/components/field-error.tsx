import { useId, type ReactNode } from 'react';
import type { ParamIssue } from '../../../shared/contracts';

/** The BFF's 400 for a parameter, shown beside the control that sets it. */
export function FieldError({ id, issue }: { id: string; issue: ParamIssue | undefined }) {
  if (!issue) return null;
  return (
    <p id={id} className="filter-field__error" role="alert">
      {issue.field} {issue.message}
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

/** A filter of two bounds (time, size): its legend, its controls and the BFF's 400 for either. */
export function RangeFieldset({
  variant,
  label,
  issue,
  children,
}: {
  /** The `filter-field--<variant>` layout. */
  variant: 'time' | 'size';
  label: string;
  issue: ParamIssue | undefined;
  children: ReactNode;
}) {
  const errorId = useId();
  return (
    <fieldset
      className={`filter-field filter-field--${variant}`}
      aria-describedby={issue ? errorId : undefined}
    >
      <legend>{label}</legend>
      {children}
      <FieldError id={errorId} issue={issue} />
    </fieldset>
  );
}
