// The Export button of the image lists: downloads the whole filtered set as CSV with the visible
// columns, shows progress (rows of X-Total-Count), can be cancelled, and keeps the file only when
// it is whole (see api/run-export.ts).
import { useEffect, useId, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { DropdownMenu } from '../../../components/menu';
import { patchSearchParams } from '../../../lib/url-state';
import { exportFileName, type ExportValueStyle, type ImageList } from '../../../shared/contracts';
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
const IGNORED_PARAMS = new Set(['offset', 'limit', 'image', 'columns', 'values']);

type ExportState =
  | { phase: 'idle' }
  | { phase: 'running'; rows: number; total: number | null; inMemory: boolean }
  | { phase: 'busy'; retryAt: number; seconds: number; inMemory: boolean }
  | { phase: 'done'; rows: number; fileName: string }
  | { phase: 'failed'; message: string }
  | { phase: 'cancelled' };

function exportUrl(
  path: string,
  params: Record<string, string>,
  columns: string[],
  values: ExportValueStyle,
) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (!IGNORED_PARAMS.has(key)) search.set(key, value);
  }
  if (columns.length > 0) search.set('columns', columns.join(','));
  search.set('values', values);
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

const formatRows = (rows: number) => rows.toLocaleString('en');

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
    const url = exportUrl(path, params, columns, choice.values);
    let handle: FileSystemFileHandle | null | undefined;
    try {
      handle = await pickExportFile(
        exportFileName(list, params.account ?? 'default', new Date(), params),
      );
    } catch (error) {
      setState({ phase: 'failed', message: `No file to save to: ${String(error)}` });
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
      else
        setState({
          phase: 'failed',
          message: error instanceof Error ? error.message : String(error),
        });
    } finally {
      controller.current = null;
    }
  };

  const running = state.phase === 'running' || state.phase === 'busy';
  return (
    <div className="export" role="group" aria-label="Export">
      <button
        type="button"
        className="button"
        onClick={() => void start()}
        disabled={running || columns.length === 0}
        title={
          canSaveToDisk()
            ? 'Save every matching image as CSV'
            : 'Download every matching image as CSV'
        }
      >
        Export CSV
      </button>
      <ExportOptions choice={choice} onChange={choose} />
      {state.phase === 'running' ? (
        <>
          <progress
            className="export__progress"
            aria-label="Export progress"
            max={state.total ?? undefined}
            value={state.total === null ? undefined : state.rows}
          />
          <span className="export__status" role="status">
            {state.total === null
              ? 'Starting export…'
              : `${formatRows(state.rows)} of ${formatRows(state.total)} rows`}
          </span>
          <button type="button" className="button" onClick={() => controller.current?.abort()}>
            Cancel
          </button>
          {state.inMemory && state.total !== null && state.total > LARGE_EXPORT_ROWS ? (
            <span className="export__note">
              This browser cannot write straight to disk, so the file is held in memory until it is
              complete.
            </span>
          ) : null}
        </>
      ) : null}
      {state.phase === 'busy' ? (
        <>
          <span className="export__status" role="status">
            The server is busy exporting; retrying in {retryIn} s
          </span>
          <button type="button" className="button" onClick={() => controller.current?.abort()}>
            Cancel
          </button>
        </>
      ) : null}
      {state.phase === 'done' ? (
        <span className="export__status" role="status" title={`Saved as ${state.fileName}`}>
          Exported {formatRows(state.rows)} rows
        </span>
      ) : null}
      {state.phase === 'cancelled' ? (
        <span className="export__status" role="status">
          Export cancelled: nothing was saved.
        </span>
      ) : null}
      {state.phase === 'failed' ? (
        <span className="export__error" role="alert">
          Export failed. {state.message}
        </span>
      ) : null}
    </div>
  );
}

const COLUMN_OPTIONS = [
  { value: 'shown', label: 'The columns shown' },
  { value: 'all', label: 'All columns' },
] as const;

const VALUE_OPTIONS = [
  { value: 'labels', label: 'Labels, as on screen' },
  { value: 'codes', label: 'API codes' },
] as const;

/** One choice among a few, as radio buttons named `name`. */
function RadioOptions<Value extends string>({
  name,
  options,
  value,
  onChange,
}: {
  name: string;
  options: readonly { value: Value; label: string }[];
  value: Value;
  onChange: (value: Value) => void;
}) {
  return options.map((option) => (
    <label key={option.value} className="filter-menu__option">
      <input
        type="radio"
        name={name}
        checked={value === option.value}
        onChange={() => onChange(option.value)}
      />
      <span className="filter-menu__label">{option.label}</span>
    </label>
  ));
}

/** What the file holds: the columns, the identifiers and labels or codes; kept in the URL. */
function ExportOptions({
  choice,
  onChange,
}: {
  choice: ExportChoice;
  onChange: (change: Partial<ExportChoice>) => void;
}) {
  const name = useId();
  return (
    <DropdownMenu
      className="filter-menu export-options"
      closeOnOutsidePointer={false}
      summary={
        <summary className="button" aria-label="Export options">
          <span aria-hidden="true">▾</span>
        </summary>
      }
    >
      <div className="filter-menu__panel filter-menu__panel--end">
        <fieldset className="export-options__group">
          <legend>Columns</legend>
          <RadioOptions
            name={`${name}-columns`}
            options={COLUMN_OPTIONS}
            value={choice.columns}
            onChange={(columns) => onChange({ columns })}
          />
          <label className="filter-menu__option">
            <input
              type="checkbox"
              checked={choice.identifiers}
              onChange={(event) => onChange({ identifiers: event.target.checked })}
            />
            <span className="filter-menu__label">Identifiers (digest, image id, record id)</span>
          </label>
        </fieldset>
        <fieldset className="export-options__group">
          <legend>Values</legend>
          <RadioOptions
            name={`${name}-values`}
            options={VALUE_OPTIONS}
            value={choice.values}
            onChange={(values) => onChange({ values })}
          />
        </fieldset>
      </div>
    </DropdownMenu>
  );
}
