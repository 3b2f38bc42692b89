// One export at a time: asks where to save, streams the file (api/run-export.ts) and keeps its
// progress, a busy server's wait, the outcome, or the reason it failed, for the status beside
// the button.
import { useEffect, useRef, useState } from 'react';
import type { Translate } from '../../../i18n/i18n';
import { exportFileName, type ImageList } from '../../../shared/contracts';
import { createFileSink, createMemorySink, pickExportFile } from '../api/export-sinks';
import { ExportFailure, runExport } from '../api/run-export';
import { exportFailureText } from '../export-failure-text';

export type ExportState =
  | { phase: 'idle' }
  | { phase: 'running'; rows: number; total: number | null; inMemory: boolean }
  | { phase: 'busy'; retryAt: number; seconds: number; inMemory: boolean }
  | { phase: 'done'; rows: number; fileName: string }
  | { phase: 'failed'; reason: string }
  | { phase: 'cancelled' };

export interface ExportRun {
  state: ExportState;
  /** Saves the file read from `url`; its name comes from the list, the account and the filters. */
  start: (url: string) => Promise<void>;
  cancel: () => void;
}

export function useExportRun(
  list: ImageList,
  params: Record<string, string>,
  t: Translate,
): ExportRun {
  const [state, setState] = useState<ExportState>({ phase: 'idle' });
  const controller = useRef<AbortController | null>(null);
  // Leaving the page cancels a running export rather than letting it write in the background.
  useEffect(() => () => controller.current?.abort(), []);

  const start = async (url: string) => {
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
  return { state, start, cancel: () => controller.current?.abort() };
}
