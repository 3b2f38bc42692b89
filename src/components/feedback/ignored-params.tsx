import type { ParamIssue } from '../../shared/contracts';

/** Says which hand-edited URL parameters were ignored and why, rather than failing silently. */
export function IgnoredParams({ issues }: { issues: readonly ParamIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <div className="notice" role="status">
      Ignored in the address:{' '}
      {issues.map((issue, index) => (
        <span key={`${issue.field}-${index}`}>
          {index > 0 ? '; ' : ''}
          <code>{issue.field}</code> {issue.message}
        </span>
      ))}
    </div>
  );
}
