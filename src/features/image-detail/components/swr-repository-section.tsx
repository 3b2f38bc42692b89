import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Bytes, Count } from '../../../components/cells';
import { QueryErrorState } from '../../../components/feedback';
import { useFormatters } from '../../../i18n/format';
import type { SwrRepository } from '../../../shared/contracts';
import { useSwrRepository } from '../api/get-swr-repository';
import { CopyableValue, DetailSection, Field, FieldList } from './detail-fields';
import { QueuedNotice } from './queued-notice';

/** SWR's `created`/`updated` are date-time strings ("2024-03-01T08:00:00Z"); shown as given when unparsable. */
function DateText({ value }: { value: string }) {
  const format = useFormatters();
  const epochMs = Date.parse(value);
  if (!value) return <span className="muted">—</span>;
  if (Number.isNaN(epochMs)) return <span>{value}</span>;
  return (
    <time dateTime={new Date(epochMs).toISOString()} title={format.exactTime(epochMs)}>
      {format.relativeTime(epochMs)}
      <span className="muted image-detail__sub"> · {format.exactTime(epochMs)}</span>
    </time>
  );
}

type Translate = (key: string) => string;

/**
 * The repository facts in the order shown: each a label key under `repository.` and how its
 * value reads (one table, so every fact is laid out the same way).
 */
const REPOSITORY_FACTS: ReadonlyArray<
  [labelKey: string, show: (repository: SwrRepository, t: Translate) => ReactNode]
> = [
  ['category', (repository) => repository.category],
  ['size', (repository) => <Bytes value={repository.size} />],
  [
    'visibility',
    (repository, t) => t(repository.is_public ? 'repository.public' : 'repository.private'),
  ],
  ['images', (repository) => <Count value={repository.num_images} />],
  ['downloads', (repository) => <Count value={repository.num_download} />],
  [
    'pullPath',
    (repository, t) => (
      <CopyableValue value={repository.path} label={t('repository.pullPathCopy')} />
    ),
  ],
  [
    'internalPullPath',
    (repository, t) => (
      <CopyableValue
        value={repository.internal_path}
        label={t('repository.internalPullPathCopy')}
      />
    ),
  ],
  ['created', (repository) => <DateText value={repository.created} />],
  ['updated', (repository) => <DateText value={repository.updated} />],
];

function RepositoryFacts({ repository }: { repository: SwrRepository }) {
  const { t } = useTranslation('detail');
  return (
    <FieldList>
      {REPOSITORY_FACTS.map(([labelKey, show]) => (
        <Field key={labelKey} label={t(`repository.${labelKey}`)}>
          {show(repository, t)}
        </Field>
      ))}
    </FieldList>
  );
}

interface SwrRepositorySectionProps {
  namespace: string;
  repository: string;
  account: string | undefined;
}

/** Facts on the SWR repository the image lives in (SWR ShowRepository). */
export function SwrRepositorySection({
  namespace,
  repository,
  account,
}: SwrRepositorySectionProps) {
  const { t } = useTranslation('detail');
  const query = useSwrRepository(namespace, repository, account);
  return (
    <DetailSection
      id="repository"
      title={t('repository.title')}
      aside={`${namespace}/${repository}`}
    >
      {query.isPending ? (
        <p className="muted" role="status">
          {t('repository.loading')}
        </p>
      ) : query.isError ? (
        <QueryErrorState query={query} title={t('repository.loadFailed')} />
      ) : query.data.state === 'queued' ? (
        <QueuedNotice queued={query.data.queued} what={t('repository.queuedWhat')} />
      ) : (
        <RepositoryFacts repository={query.data.data} />
      )}
    </DetailSection>
  );
}

/**
 * In place of the repository facts for an image of an SWR Enterprise Edition instance: SWR's
 * ShowRepository describes basic-edition repositories only, so nothing is asked.
 */
export function SwrEnterpriseRepositoryNotice({ instanceName }: { instanceName: string }) {
  const { t } = useTranslation('detail');
  return (
    <DetailSection
      id="repository"
      title={t('repository.title')}
      aside={t('repository.enterpriseEdition')}
    >
      <p className="muted" data-testid="swr-enterprise-notice">
        {t('repository.enterpriseNotice', { instance: instanceName || 'none' })}
      </p>
    </DetailSection>
  );
}
