// The Export button of the image lists: downloads the whole filtered set as CSV with the visible
// columns, shows progress (rows of X-Total-Count), can be cancelled, and keeps the file only when
// it is whole (see api/run-export.ts).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { Translate } from '../../../i18n/i18n';
import { supportedLanguage } from '../../../i18n/languages';
import { patchSearchParams } from '../../../lib/url-state';
import {
  DEFAULT_EXPORT_LANGUAGE,
  exportFileName,
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
import {
  canSaveToDisk,
  createFileSink,
  createMemorySink,
  pickExportFile,
} from '../api/export-sinks';
import { ExportFailure, runExport } from '../api/run-export';
import { exportFailureText } from '../export-failure-text';
import { ExportOptions } from './export-options';
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

/** Above this many rows, say that a browser without a save picker holds the file in memory. */
const LARGE_EXPORT_ROWS = 100_000;
const IGNORED_PARAMS = new Set(['offset', 'limit', 'image', 'columns', 'values', 'lang']);

type ExportState =
  | { phase: 'idle' }
  | { phase: 'running'; rows: number; total: number | null; inMemory: boolean }
  | { phase: 'busy'; retryAt: number; seconds: number; inMemory: boolean }
  | { phase: 'done'; rows: number; fileName: string }
  | { phase: 'failed'; reason: string }
  | { phase: 'cancelled' };

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

/** Seconds left of a busy wait of `seconds` ending at `retryAt`, ticking once a second. */
function useSecondsUntil(retryAt: number | null, seconds: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (retryAt === null) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [retryAt]);
  // `now` may predate this wait (no tick yet): never show more than the wait itself.
  if (retryAt === null) return 0;
  return Math.max(1, Math.min(seconds, Math.ceil((retryAt - now) / 1000)));
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
  const [state, setState] = useState<ExportState>({ phase: 'idle' });
  const [searchParams, setSearchParams] = useSearchParams();
  const choice = readExportChoice(searchParams);
  const columns = exportColumnKeys(list, shown, allColumnKeys, choice);
  const choose = (change: Partial<ExportChoice>) =>
    setSearchParams(
      (current) => patchSearchParams(current, exportChoicePatch({ ...choice, ...change })),
      { replace: true },
    );
  const retryIn = useSecondsUntil(
    state.phase === 'busy' ? state.retryAt : null,
    state.phase === 'busy' ? state.seconds : 0,
  );
  const controller = useRef<AbortController | null>(null);
  // Leaving the page cancels a running export rather than letting it write in the background.
  useEffect(() => () => controller.current?.abort(), []);

  const start = async () => {
    const url = exportUrl(path, params, columns, choice.values, language);
    let handle: FileSystemFileHandle | null | undefined;
    try {
      handle = await pickExportFile(
        exportFileName(list, params.account ?? 'default', new Date(), params),
      );
    } catch (error) {
      setState({ phase: 'failed', reason: t('failure.noFile', { detail: String(error) }) });
      return;
    }
    if (handle === null) return; // The user closed the save dialog.
    const abort = new AbortController();
    controller.current = abort;
    const inMemory = handle === undefined;
    setState({ phase: 'running', rows: 0, total: null, inMemory });
    try {
      const sink = handle ? await createFileSink(handle) : createMemorySink();
      const result = await runExport({
        url,
        sink,
        signal: abort.signal,
        onStart: (total) => setState({ phase: 'running', rows: 0, total, inMemory }),
        onProgress: ({ rows, total }) => setState({ phase: 'running', rows, total, inMemory }),
        onBusy: (seconds) =>
          setState({ phase: 'busy', retryAt: Date.now() + seconds * 1000, seconds, inMemory }),
      });
      setState({ phase: 'done', rows: result.rows, fileName: handle?.name ?? result.fileName });
    } catch (error) {
      if (error instanceof ExportFailure && error.kind === 'cancelled')
        setState({ phase: 'cancelled' });
      else setState({ phase: 'failed', reason: exportFailureText(error, t) });
    } finally {
      controller.current = null;
    }
  };

  const running = state.phase === 'running' || state.phase === 'busy';
  return (
    <div className="export" role="group" aria-label={t('group')}>
      <button
        type="button"
        className="button"
        onClick={() => void start()}
        disabled={running || columns.length === 0}
        title={t(canSaveToDisk() ? 'buttonTitle.save' : 'buttonTitle.download')}
      >
        {t('button')}
      </button>
      <ExportOptions choice={choice} onChange={choose} />
      {state.phase === 'running' ? (
        <>
          <progress
            className="export__progress"
            aria-label={t('progress')}
            max={state.total ?? undefined}
            value={state.total === null ? undefined : state.rows}
          />
          <span className="export__status" role="status">
            {state.total === null
              ? t('starting')
              : t('rowsOfTotal', { rows: state.rows, total: state.total })}
          </span>
          <button type="button" className="button" onClick={() => controller.current?.abort()}>
            {t('cancel')}
          </button>
          {state.inMemory && state.total !== null && state.total > LARGE_EXPORT_ROWS ? (
            <span className="export__note">{t('inMemory')}</span>
          ) : null}
        </>
      ) : null}
      {state.phase === 'busy' ? (
        <>
          <span className="export__status" role="status">
            {t('busy', { seconds: retryIn })}
          </span>
          <button type="button" className="button" onClick={() => controller.current?.abort()}>
            {t('cancel')}
          </button>
        </>
      ) : null}
      {state.phase === 'done' ? (
        <span
          className="export__status"
          role="status"
          title={t('savedAs', { fileName: state.fileName })}
        >
          {t('done', { rows: state.rows })}
        </span>
      ) : null}
      {state.phase === 'cancelled' ? (
        <span className="export__status" role="status">
          {t('cancelled')}
        </span>
      ) : null}
      {state.phase === 'failed' ? (
        <span className="export__error" role="alert">
          {t('failed', { reason: state.reason })}
        </span>
      ) : null}
    </div>
  );
}
