// The Export button of the image lists: downloads the whole filtered set as CSV with the visible
// columns, shows progress (rows of X-Total-Count), can be cancelled, and keeps the file only when
// it is whole (see api/run-export.ts).
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { Translate } from '../../../i18n/i18n';
import { supportedLanguage } from '../../../i18n/languages';
import { patchSearchParams } from '../../../lib/url-state';
import {
  DEFAULT_EXPORT_LANGUAGE,
  type ExportLanguage,
  type ExportValueStyle,
  type ImageList,
} from '../../../shared/contracts';
import {
  exportChoicePatch,
  exportColumnKeys,
  readExportChoice,
  type ExportChoice,
} from '../export-choice';
import { canSaveToDisk } from '../api/export-sinks';
import { ExportOptions } from './export-options';
import { ExportStatus } from './export-status';
import { useExportRun } from './use-export-run';
import './export.css';

export interface ExportButtonProps {
  list: ImageList;
  /** The list's export route (API_ROUTES.*Export). */
  path: string;
  /** Every column key the list's export accepts, in the file's order (*_EXPORT_COLUMNS keys). */
  allColumnKeys: readonly string[];
  /** The list's current URL filter and sort params, without offset, limit and image. */
  params: Record<string, string>;
  /** The shown columns' export keys in display order (REGISTRY_/CICD_EXPORT_COLUMNS keys). */
  columns: string[];
}

const IGNORED_PARAMS = new Set(['offset', 'limit', 'image', 'columns', 'values', 'lang']);

function exportUrl(
  path: string,
  params: Record<string, string>,
  columns: string[],
  values: ExportValueStyle,
  language: ExportLanguage,
) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (!IGNORED_PARAMS.has(key)) search.set(key, value);
  }
  if (columns.length > 0) search.set('columns', columns.join(','));
  search.set('values', values);
  // The header row in the language the user reads the page in.
  search.set('lang', language);
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/** The file's choice (kept in the URL) and the columns it makes of the shown ones. */
function useExportChoice(list: ImageList, shown: string[], allColumnKeys: readonly string[]) {
  const [searchParams, setSearchParams] = useSearchParams();
  const choice = readExportChoice(searchParams);
  const choose = (change: Partial<ExportChoice>) =>
    setSearchParams(
      (current) => patchSearchParams(current, exportChoicePatch({ ...choice, ...change })),
      { replace: true },
    );
  return { choice, choose, columns: exportColumnKeys(list, shown, allColumnKeys, choice) };
}

export function ExportButton({
  list,
  path,
  allColumnKeys,
  params,
  columns: shown,
}: ExportButtonProps) {
  const { t: translate, i18n } = useTranslation('export');
  const t = translate as Translate;
  const language = supportedLanguage(i18n.language) ?? DEFAULT_EXPORT_LANGUAGE;
  const { choice, choose, columns } = useExportChoice(list, shown, allColumnKeys);
  const { state, start, cancel } = useExportRun(list, params, t);
  const running = state.phase === 'running' || state.phase === 'busy';
  return (
    <div className="export" role="group" aria-label={t('group')}>
      <button
        type="button"
        className="button"
        onClick={() => void start(exportUrl(path, params, columns, choice.values, language))}
        disabled={running || columns.length === 0}
        title={t(canSaveToDisk() ? 'buttonTitle.save' : 'buttonTitle.download')}
      >
        {t('button')}
      </button>
      <ExportOptions choice={choice} onChange={choose} />
      <ExportStatus state={state} onCancel={cancel} t={t} />
    </div>
  );
}
