// What an export is doing, beside the Export button: its progress with Cancel, a busy server's
// wait, the rows saved, a cancel, or why it failed.
import { useEffect, useState } from 'react';
import type { Translate } from '../../../i18n/i18n';
import type { ExportState } from './use-export-run';

/** Above this many rows, say that a browser without a save picker holds the file in memory. */
const LARGE_EXPORT_ROWS = 100_000;

/** Seconds left of a busy wait of `seconds` ending at `retryAt`, ticking once a second. */
function useSecondsUntil(retryAt: number, seconds: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [retryAt]);
  // `now` may predate this wait (no tick yet): never show more than the wait itself.
  return Math.max(1, Math.min(seconds, Math.ceil((retryAt - now) / 1000)));
}

interface ExportStatusProps {
  state: ExportState;
  onCancel: () => void;
  t: Translate;
}

function CancelButton({ onCancel, t }: Omit<ExportStatusProps, 'state'>) {
  return (
    <button type="button" className="button" onClick={onCancel}>
      {t('cancel')}
    </button>
  );
}

function Progress({
  state,
  onCancel,
  t,
}: ExportStatusProps & { state: Extract<ExportState, { phase: 'running' }> }) {
  const { rows, total, inMemory } = state;
  return (
    <>
      <progress
        className="export__progress"
        aria-label={t('progress')}
        max={total ?? undefined}
        value={total === null ? undefined : rows}
      />
      <span className="export__status" role="status">
        {total === null ? t('starting') : t('rowsOfTotal', { rows, total })}
      </span>
      <CancelButton onCancel={onCancel} t={t} />
      {inMemory && total !== null && total > LARGE_EXPORT_ROWS ? (
        <span className="export__note">{t('inMemory')}</span>
      ) : null}
    </>
  );
}

function BusyWait({
  state,
  onCancel,
  t,
}: ExportStatusProps & { state: Extract<ExportState, { phase: 'busy' }> }) {
  const retryIn = useSecondsUntil(state.retryAt, state.seconds);
  return (
    <>
      <span className="export__status" role="status">
        {t('busy', { seconds: retryIn })}
      </span>
      <CancelButton onCancel={onCancel} t={t} />
    </>
  );
}

export function ExportStatus({ state, onCancel, t }: ExportStatusProps) {
  switch (state.phase) {
    case 'idle':
      return null;
    case 'running':
      return <Progress state={state} onCancel={onCancel} t={t} />;
    case 'busy':
      return <BusyWait state={state} onCancel={onCancel} t={t} />;
    case 'done':
      return (
        <span
          className="export__status"
          role="status"
          title={t('savedAs', { fileName: state.fileName })}
        >
          {t('done', { rows: state.rows })}
        </span>
      );
    case 'cancelled':
      return (
        <span className="export__status" role="status">
          {t('cancelled')}
        </span>
      );
    case 'failed':
      return (
        <span className="export__error" role="alert">
          {t('failed', { reason: state.reason })}
        </span>
      );
  }
}
