import { lazy, Suspense, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BusyNotice, QueryErrorState, IgnoredParams } from '../../../components/feedback';
import { useUrlQuery } from '../../../lib/use-url-query';
import { RISK_HISTORY_RANGES, type ImageList } from '../../../shared/contracts/facts';
import { DataAge } from '../../../components/data-age/data-age';
import { useRiskHistory } from '../api/get-risk-history';
import { useRiskSummary } from '../api/get-risk-summary';
import { OverviewQuerySchema, overviewRequests } from '../overview-url-state';
import '../overview.css';
import { PageHeader } from '../../../components/layout';

// Recharts and the chart code load as their own chunk, after the page frame is on screen.
const OverviewCharts = lazy(() => import('./overview-charts'));

// The image lists by their page names (the `common` catalogue's navigation words).
const KIND_PAGES: Record<ImageList, string> = {
  registry: 'app.pages.registryImages',
  cicd: 'app.pages.cicdImages',
};

function ChartsSkeleton() {
  const { t } = useTranslation('overview');
  return (
    <div className="overview-skeleton" aria-busy="true" aria-label={t('page.loadingCharts')}>
      {Array.from({ length: 6 }, (_, index) => (
        <div key={index} className="skeleton overview-skeleton__card" />
      ))}
    </div>
  );
}

function SearchField({
  label,
  placeholder,
  value,
  onChange,
}: {
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label className="overview-field">
      <span>{label}</span>
      <input
        className="text-input"
        type="search"
        value={value}
        maxLength={128}
        placeholder={placeholder}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}

/** Namespace and registry filters: typed freely, applied on submit (each change is a request). */
function FilterForm({
  kind,
  namespace,
  registryName,
  onApply,
}: {
  kind: ImageList;
  namespace: string;
  registryName: string;
  onApply: (filters: { namespace: string; registry_name: string }) => void;
}) {
  const { t } = useTranslation('overview');
  const [draftNamespace, setDraftNamespace] = useState(namespace);
  const [draftRegistry, setDraftRegistry] = useState(registryName);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ namespace: draftNamespace.trim(), registry_name: draftRegistry.trim() });
  };
  return (
    <form
      className="overview-filters"
      onSubmit={submit}
      role="search"
      aria-label={t('page.filters')}
    >
      <SearchField
        label={t('page.namespace')}
        placeholder={t('page.anyNamespace')}
        value={draftNamespace}
        onChange={setDraftNamespace}
      />
      {kind === 'registry' ? (
        <SearchField
          label={t('page.registry')}
          placeholder={t('page.anyRegistry')}
          value={draftRegistry}
          onChange={setDraftRegistry}
        />
      ) : null}
      <button type="submit" className="button">
        {t('page.apply')}
      </button>
    </form>
  );
}

export interface OverviewViewProps {
  /** Cards from other features (the app composes them), shown above the charts. */
  cards?: ReactNode;
}

export function OverviewView({ cards }: OverviewViewProps = {}) {
  const { t } = useTranslation('overview');
  const url = useUrlQuery(OverviewQuerySchema);
  const requests = overviewRequests(url.value);
  const summary = useRiskSummary(requests.summary);
  const history = useRiskHistory(requests.history);
  const { patch } = url;

  return (
    <>
      <PageHeader title={t('app.pages.overview', { ns: 'common' })} lead={t('page.lead')}>
        <p className="page-header__meta">
          {summary.data ? <DataAge syncedAt={summary.data.synced_at} /> : null}
        </p>
      </PageHeader>
      <IgnoredParams issues={url.ignored} />

      <div className="overview-toolbar">
        <div className="segmented" role="group" aria-label={t('page.kinds')}>
          {(['registry', 'cicd'] as const).map((kind) => (
            <button
              key={kind}
              type="button"
              className="segmented__option"
              aria-pressed={requests.kind === kind}
              onClick={() => patch({ kind: kind === 'registry' ? undefined : kind })}
            >
              {t(KIND_PAGES[kind], { ns: 'common' })}
            </button>
          ))}
        </div>
        <FilterForm
          key={`${requests.kind}|${url.value.namespace ?? ''}|${url.value.registry_name ?? ''}`}
          kind={requests.kind}
          namespace={url.value.namespace ?? ''}
          registryName={url.value.registry_name ?? ''}
          onApply={(filters) => patch(filters)}
        />
        <label className="overview-field overview-field--range">
          <span>{t('page.range')}</span>
          <select
            value={requests.days}
            onChange={(event) =>
              patch({ days: event.target.value === '30' ? undefined : event.target.value })
            }
          >
            {RISK_HISTORY_RANGES.map((days) => (
              <option key={days} value={days}>
                {days === '365' ? t('page.rangeYear') : t('page.rangeDays', { days: Number(days) })}
              </option>
            ))}
          </select>
        </label>
      </div>

      {cards}
      <BusyNotice failureReason={summary.failureReason} isFetching={summary.isFetching} />
      {summary.isError ? (
        <QueryErrorState query={summary} title={t('page.loadFailed')} />
      ) : summary.data ? (
        <Suspense fallback={<ChartsSkeleton />}>
          <div data-stale={summary.isPlaceholderData ? '' : undefined} className="overview-body">
            <OverviewCharts summary={summary.data} history={history.data} />
          </div>
        </Suspense>
      ) : (
        <ChartsSkeleton />
      )}
    </>
  );
}
