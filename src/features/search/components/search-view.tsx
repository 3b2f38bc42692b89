// The search page (/search?q=): the artifacts a key finds across every mirrored list, grouped by
// digest, each with the scan that travels with it and every location, each opening its page or
// detail drawer. q (and the account) live in the URL; the header's box writes them.
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { Badge, RiskCountBadge, ScanStatusBadge, SeverityBadge } from '../../../components/badges';
import { ExportLink } from '../../../components/access';
import { QueryErrorState } from '../../../components/feedback';
import { supportedLanguage } from '../../../i18n/languages';
import { isApiError } from '../../../lib/api-client';
import {
  API_ROUTES,
  DEFAULT_EXPORT_LANGUAGE,
  type SearchArtifact,
  type SearchLocation,
  type SearchScan,
} from '../../../shared/contracts';
import { searchExportUrl, useSearch } from '../api/use-search';
import { locationContext, locationReference, locationTarget } from '../locations';
import './search.css';

export function SearchView() {
  const { t, i18n } = useTranslation('search');
  const [searchParams] = useSearchParams();
  const q = (searchParams.get('q') ?? '').trim();
  const account = searchParams.get('account') ?? undefined;
  const query = useSearch(q, account);
  const lang = supportedLanguage(i18n.language) ?? DEFAULT_EXPORT_LANGUAGE;

  return (
    <section className="search-page" aria-busy={query.isFetching}>
      <h1>{t('title')}</h1>
      {q === '' ? <p className="muted">{t('empty')}</p> : null}
      {query.isError ? <SearchError error={query.error} query={query} /> : null}
      {query.isSuccess ? (
        <>
          <div className="search-page__summary">
            <p role="status">
              {!query.data.total_exact
                ? t('truncatedMore', { shown: query.data.artifacts.length, q })
                : query.data.truncated
                  ? t('truncated', {
                      shown: query.data.artifacts.length,
                      total: query.data.total,
                      q,
                    })
                  : t('found', { count: query.data.total, q })}
            </p>
            {query.data.total > 0 ? (
              <ExportLink route={API_ROUTES.searchExport} href={searchExportUrl(q, account, lang)}>
                {t('export')}
              </ExportLink>
            ) : null}
          </div>
          <ol className="search-results">
            {query.data.artifacts.map((artifact) => (
              <ArtifactCard key={artifact.digest} artifact={artifact} />
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}

/** An ambiguous digest prefix says how many digests share it; any other failure as elsewhere. */
function SearchError({
  error,
  query,
}: {
  error: unknown;
  query: { error: unknown; refetch: () => Promise<unknown> };
}) {
  const { t } = useTranslation('search');
  if (isApiError(error) && error.status === 400 && error.field === 'q') {
    return (
      <div className="state state--error" role="alert">
        <p>
          {error.reason === 'ambiguous_digest_prefix'
            ? t('ambiguous', { count: error.candidates ?? 0 })
            : t('notAKey')}
        </p>
        <p className="muted" lang="en">
          {error.message}
        </p>
      </div>
    );
  }
  return <QueryErrorState query={query} title={t('failed')} />;
}

function ArtifactCard({ artifact }: { artifact: SearchArtifact }) {
  const { t } = useTranslation('search');
  const headingId = `artifact-${artifact.digest.replace(/[^a-z0-9]/gi, '')}`;
  return (
    <li className="search-artifact" aria-labelledby={headingId}>
      <h2 id={headingId} className="search-artifact__digest">
        <span className="muted">{t('digest')}</span> <code>{artifact.digest}</code>
      </h2>
      <TravellingScan scan={artifact.scan} />
      <h3 className="search-artifact__locations-title">
        {t('locations', { count: artifact.locations.length })}
      </h3>
      <ul className="search-artifact__locations">
        {artifact.locations.map((location, index) => (
          <li key={`${location.source}-${index}`}>
            <LocationLink location={location} />
          </li>
        ))}
      </ul>
    </li>
  );
}

function LocationLink({ location }: { location: SearchLocation }) {
  const { t } = useTranslation('search');
  const context = locationContext(location);
  return (
    <>
      <Link to={locationTarget(location)} className="search-location">
        <span className="search-location__source">{t(`source.${location.source}`)}</span>{' '}
        <code>{locationReference(location)}</code>
      </Link>
      {context.length > 0 ? <span className="muted"> · {context.join(' · ')}</span> : null}
    </>
  );
}

/** The HSS scan of this digest, wherever it was made, or "not scanned anywhere". */
function TravellingScan({ scan }: { scan: SearchScan | null }) {
  const { t } = useTranslation('search');
  if (scan === null)
    return (
      <p className="search-artifact__scan">
        <Badge tone="neutral" label={t('notScanned')} />
      </p>
    );
  return (
    <p className="search-artifact__scan">
      <ScanStatusBadge status={scan.scan_status} />
      <SeverityBadge level={scan.severity_level} />
      <span className="search-artifact__counts">
        <RiskCountBadge kind="vulnerabilities" value={scan.vul_num} />
        <RiskCountBadge kind="malicious_files" value={scan.malicious_file_num} />
        <RiskCountBadge kind="baseline_risks" value={scan.unsafe_setting_num} />
      </span>
      <span className="muted">
        {t('scannedIn', {
          where: `${t(`source.${scan.source}`)} ${locationReference(scan.location)}`,
        })}
      </span>
    </p>
  );
}
