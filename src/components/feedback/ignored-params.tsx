import { useSearchParams } from 'react-router-dom';
import { patchSearchParams } from '../../lib/url-state';
import type { ParamIssue } from '../../shared/contracts';

/** Names shared by every page's parameters; pages add their own (the filters' labels). */
const COMMON_LABELS: Record<string, string> = {
  limit: 'Rows per page',
  offset: 'Page',
  sort_key: 'Sort column',
  sort_dir: 'Sort direction',
  account: 'Account',
  q: 'Search',
  image: 'Open image',
};

/** A parameter without a label still reads as words: "tagPageNo" → "Tag page no". */
function humanize(field: string): string {
  const words = field
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function parameterLabel(field: string, labels: Readonly<Record<string, string>> = {}) {
  return labels[field] ?? COMMON_LABELS[field] ?? humanize(field);
}

/**
 * Says which hand-edited URL parameters were ignored and why, by the names the page shows them
 * under, and offers to remove each from the address, rather than failing silently.
 */
export function IgnoredParams({
  issues,
  labels,
}: {
  issues: readonly ParamIssue[];
  /** The page's names for its parameters (a filter's label), by parameter. */
  labels?: Readonly<Record<string, string>>;
}) {
  const [, setSearchParams] = useSearchParams();
  if (issues.length === 0) return null;
  const fields = [...new Set(issues.map((issue) => issue.field))];
  // A parameter given twice keeps the first value, the one used, unless that one is wrong too.
  const onlyRepeated = (field: string) =>
    issues.every((issue) => issue.field !== field || issue.message.includes('more than once'));
  const removeAll = () =>
    setSearchParams((params) =>
      patchSearchParams(
        params,
        Object.fromEntries(
          fields.map((field) => [field, onlyRepeated(field) ? params.get(field) : null]),
        ),
      ),
    );
  return (
    <div className="notice notice--ignored" role="status">
      <span>
        Ignored in the address:{' '}
        {issues.map((issue, index) => (
          <span key={`${issue.field}-${index}`}>
            {index > 0 ? '; ' : ''}
            <strong>{parameterLabel(issue.field, labels)}</strong> {issue.message}
          </span>
        ))}
        .
      </span>{' '}
      <button type="button" className="button button--small" onClick={removeAll}>
        {fields.length === 1 ? 'Remove it from the address' : 'Remove them from the address'}
      </button>
    </div>
  );
}
