import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../../components/feedback';
import { useFormatters } from '../../../i18n/format';
import { supportedLanguage } from '../../../i18n/languages';
import {
  DEFAULT_EXPORT_LANGUAGE,
  type AcrRepository,
  type QueryRecord,
} from '../../../shared/contracts';
import {
  acrTagsFileName,
  buildAcrTagsCsv,
  fetchAllAcrTags,
  type ExportProgress,
} from '../api/export-acr-tags';

type ExportState =
  | { kind: 'idle' }
  | { kind: 'running'; progress: ExportProgress | null }
  | { kind: 'done'; count: number; fileName: string }
  | { kind: 'failed'; error: unknown };

function downloadText(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once click() returns; free the blob soon after.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

interface ExportTagsButtonProps {
  repository: AcrRepository;
  /** `account` and, when overridden, `InstanceId`. */
  scope: QueryRecord;
  accountId: string;
}

/** Exports every tag of the repository (not just the page in view) as one CSV file. */
export function ExportTagsButton({ repository, scope, accountId }: ExportTagsButtonProps) {
  const { t, i18n } = useTranslation('acr');
  // The header row in the language the page is read in, as the image lists' export does.
  const language = supportedLanguage(i18n.language) ?? DEFAULT_EXPORT_LANGUAGE;
  const format = useFormatters();
  const [state, setState] = useState<ExportState>({ kind: 'idle' });
  const controller = useRef<AbortController | null>(null);
  // Leaving the repository cancels a running export.
  useEffect(() => () => controller.current?.abort(), [repository.RepoId]);

  async function start() {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setState({ kind: 'running', progress: null });
    try {
      const tags = await fetchAllAcrTags(repository.RepoId, scope, {
        signal: current.signal,
        onProgress: (progress) => setState({ kind: 'running', progress }),
      });
      const fileName = acrTagsFileName(
        repository.RepoNamespaceName,
        repository.RepoName,
        accountId,
      );
      downloadText(buildAcrTagsCsv(tags, repository, language), fileName);
      setState({ kind: 'done', count: tags.length, fileName });
    } catch (error) {
      if (current.signal.aborted) setState({ kind: 'idle' });
      else setState({ kind: 'failed', error });
    } finally {
      if (controller.current === current) controller.current = null;
    }
  }

  const running = state.kind === 'running';
  return (
    <div className="export">
      <div className="export__row">
        {running ? (
          <>
            <progress
              className="export__bar"
              aria-label={t('export.progress')}
              max={state.progress?.total || 1}
              value={state.progress?.done ?? 0}
            />
            <span className="export__text" role="status">
              {state.progress
                ? t('export.counting', {
                    done: format.number(state.progress.done),
                    total: state.progress.total,
                  })
                : t('export.starting')}
            </span>
            <button type="button" className="button" onClick={() => controller.current?.abort()}>
              {t('export.cancel')}
            </button>
          </>
        ) : (
          <>
            {state.kind === 'done' ? (
              <span className="export__text" role="status">
                {t('export.done', { count: state.count, fileName: state.fileName })}
              </span>
            ) : null}
            <button type="button" className="button button--primary" onClick={() => void start()}>
              {t('export.button')}
            </button>
          </>
        )}
      </div>
      {state.kind === 'failed' ? (
        <ErrorState error={state.error} title={t('export.failed')} onRetry={() => void start()} />
      ) : null}
    </div>
  );
}
