import { lazy, Suspense, useState, type FormEvent } from 'react';
import { BusyNotice, QueryErrorState, IgnoredParams } from '../../../components/feedback';
import { useUrlQuery } from '../../../lib/use-url-query';
import { RISK_HISTORY_RANGES, type ImageList } from '../../../shared/contracts/facts';
import { DataAge } from '../../../components/data-age/data-age';
import { useRiskHistory } from '../api/get-risk-history';
import { useRiskSummary } from '../api/get-risk-summary';
import { OverviewQuerySchema, overviewRequests } from '../overview-url-state';
import '../overview.css';

// Recharts and the chart code load as their own chunk, after the page frame is on screen.
const OverviewCharts = lazy(() => import('./overview-charts'));

const KIND_LABELS: Record<ImageList, string> = {
  registry: 'Repository images',
  cicd: 'CI/CD images',
};
const RANGE_LABELS: Record<string, string> = { '30': '30 days', '90': '90 days', '365': '1 year' };

function ChartsSkeleton() {
  return (
    <div className="overview-skeleton" aria-busy="true" aria-label="Loading the charts">
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
      aria-label="Overview filters"
    >
      <SearchField
        label="Namespace"
        placeholder="Any namespace"
        value={draftNamespace}
        onChange={setDraftNamespace}
      />
      {kind === 'registry' ? (
        <SearchField
          label="Registry"
          placeholder="Any registry"
          value={draftRegistry}
          onChange={setDraftRegistry}
        />
      ) : null}
      <button type="submit" className="button">
        Apply
      </button>
    </form>
  );
}

export function OverviewView() {
  const url = useUrlQuery(OverviewQuerySchema);
  const requests = overviewRequests(url.value);
  const summary = useRiskSummary(requests.summary);
  const history = useRiskHistory(requests.history);
  const { patch } = url;

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Overview</h1>
          <p className="page-header__lead">
            Where the risk is across the images HSS scanned, and how it changes. Every figure opens
            the images behind it.
          </p>
        </div>
        <p className="page-header__meta">
          {summary.data ? <DataAge syncedAt={summary.data.synced_at} /> : null}
        </p>
      </header>
      <IgnoredParams issues={url.ignored} />

      <div className="overview-toolbar">
        <div className="segmented" role="group" aria-label="Images">
          {(['registry', 'cicd'] as const).map((kind) => (
            <button
              key={kind}
              type="button"
              className="segmented__option"
              aria-pressed={requests.kind === kind}
              onClick={() => patch({ kind: kind === 'registry' ? undefined : kind })}
            >
              {KIND_LABELS[kind]}
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
          <span>Trend over</span>
          <select
            value={requests.days}
            onChange={(event) =>
              patch({ days: event.target.value === '30' ? undefined : event.target.value })
            }
          >
            {RISK_HISTORY_RANGES.map((days) => (
              <option key={days} value={days}>
                {RANGE_LABELS[days] ?? `${days} days`}
              </option>
            ))}
          </select>
        </label>
      </div>

      <BusyNotice failureReason={summary.failureReason} isFetching={summary.isFetching} />
      {summary.isError ? (
        <QueryErrorState query={summary} title="The risk overview could not be loaded" />
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
