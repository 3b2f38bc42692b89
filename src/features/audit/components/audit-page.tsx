// The /audit page: the audit trail newest first (who did what, when, from where, with the request
// id), filtered by actor, action and days, paged, and exported as CSV; every choice in the URL.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ExportLink } from '../../../components/access';
import { QueryContent, queryStateText } from '../../../components/feedback';
import { DayFilter, FilterBar, SelectFilter, TextFilter } from '../../../components/filter-bar';
import { NewerOlderPagination, PageHeader, PlainTable } from '../../../components/layout';
import { useFormatters } from '../../../i18n/format';
import { supportedLanguage } from '../../../i18n/languages';
import {
  AUDIT_ACTIONS,
  API_ROUTES,
  AUDIT_LIMIT,
  DEFAULT_EXPORT_LANGUAGE,
  type AuditEntry,
} from '../../../shared/contracts/facts';
import { auditExportUrl, useAuditTrail } from '../api/use-audit';
import {
  auditFilterParams,
  auditPageParams,
  auditSearch,
  readAuditView,
  type AuditView,
} from '../audit-url-state';
import { describeAuditDetail } from '../describe-detail';
import '../audit.css';

type Update = (next: Partial<AuditView>) => void;

export function AuditPage() {
  const { t, i18n } = useTranslation('audit');
  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.toString();
  const view = useMemo(() => readAuditView(new URLSearchParams(search)), [search]);
  const trail = useAuditTrail(auditPageParams(view));
  const lang = supportedLanguage(i18n.language) ?? DEFAULT_EXPORT_LANGUAGE;

  const update: Update = (next) =>
    setSearchParams((current) => {
      const out = new URLSearchParams();
      const language = current.get('lang');
      if (language !== null) out.set('lang', language);
      for (const [key, value] of Object.entries(auditSearch({ ...view, offset: 0, ...next })))
        if (value !== undefined) out.set(key, value);
      return out;
    });

  const page = trail.data;
  return (
    <div className="audit" aria-busy={trail.isFetching}>
      <PageHeader title={t('title')} lead={t('lead')}>
        <ExportLink
          route={API_ROUTES.auditExport}
          href={auditExportUrl(auditFilterParams(view), lang)}
        >
          {t('export')}
        </ExportLink>
      </PageHeader>

      <AuditFilters view={view} update={update} />

      <QueryContent
        query={trail}
        text={queryStateText(t)}
        isEmpty={(found) => found.data_list.length === 0}
      >
        {(found) => <AuditTable entries={found.data_list} />}
      </QueryContent>

      <NewerOlderPagination
        namespace="audit"
        page={page}
        offset={view.offset}
        pageSize={AUDIT_LIMIT.default}
        onOffset={(offset) => update({ offset })}
      />
    </div>
  );
}

function AuditFilters({ view, update }: { view: AuditView; update: Update }) {
  const { t } = useTranslation('audit');
  return (
    <FilterBar label={t('filters')} className="audit__filters">
      <TextFilter
        label={t('actor')}
        value={view.actor}
        placeholder={t('actorPlaceholder')}
        onCommit={(actor) => update({ actor })}
      />
      <SelectFilter
        label={t('action')}
        value={view.action}
        options={AUDIT_ACTIONS}
        optionLabel={(action) => t(`actions.${action}`)}
        anyLabel={t('anyAction')}
        onChange={(action) => update({ action })}
      />
      <DayFilter label={t('since')} value={view.since} onChange={(since) => update({ since })} />
      <DayFilter label={t('until')} value={view.until} onChange={(until) => update({ until })} />
    </FilterBar>
  );
}

const AUDIT_COLUMNS = [
  'at',
  'actor',
  'action',
  'target',
  'detail',
  'address',
  'requestId',
] as const;

function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const { t } = useTranslation('audit');
  const format = useFormatters();
  return (
    <PlainTable caption={t('title')} columns={AUDIT_COLUMNS.map((column) => t(`table.${column}`))}>
      {entries.map((entry, index) => (
        <tr key={`${entry.request_id}-${entry.at}-${index}`} data-action={entry.action}>
          <td className="nowrap">
            <time dateTime={new Date(entry.at).toISOString()}>{format.exactTime(entry.at)}</time>
          </td>
          <td>{entry.actor}</td>
          <td className="nowrap">{t(`actions.${entry.action}`)}</td>
          <td className="audit__target">{entry.target}</td>
          <td className="audit__detail">{describeAuditDetail(entry, t, format.number)}</td>
          <td className="nowrap">{entry.address}</td>
          <td className="audit__request-id">{entry.request_id}</td>
        </tr>
      ))}
    </PlainTable>
  );
}
