import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { patchSearchParams } from '../../lib/url-state';
import type { ParamIssue } from '../../shared/contracts';

/** Names shared by every page's parameters (catalogue `parameters`); pages add their own. */
const COMMON_PARAMETERS = ['limit', 'offset', 'sort_key', 'sort_dir', 'account', 'q', 'image'];

/** A parameter without a label still reads as words: "tagPageNo" → "Tag page no". */
function humanize(field: string): string {
  const words = field
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The page's name for a parameter, else the shared one (`commonLabel`), else its words. */
export function parameterLabel(
  field: string,
  labels: Readonly<Record<string, string>>,
  commonLabel: (field: string) => string,
) {
  return (
    labels[field] ?? (COMMON_PARAMETERS.includes(field) ? commonLabel(field) : humanize(field))
  );
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
  const { t } = useTranslation();
  if (issues.length === 0) return null;
  const commonLabel = (field: string) => t(`parameters.${field}`);
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
        {t('feedback.ignoredIntro')}{' '}
        {issues.map((issue, index) => (
          <span key={`${issue.field}-${index}`}>
            {index > 0 ? '; ' : ''}
            <strong>{parameterLabel(issue.field, labels ?? {}, commonLabel)}</strong>{' '}
            {issue.message}
          </span>
        ))}
        .
      </span>{' '}
      <button type="button" className="button button--small" onClick={removeAll}>
        {t('feedback.removeIgnored', { count: fields.length })}
      </button>
    </div>
  );
}
