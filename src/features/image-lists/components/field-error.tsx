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
