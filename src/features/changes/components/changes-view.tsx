// The Changes page: what changed in the inventory, newest first, grouped by day, each event with
// its image (opening the detail drawer) and its before → after; counts per event type double as
// the type filter; every choice is in the URL.
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ExportLink } from '../../../components/access';
import { QueryContent, queryStateText } from '../../../components/feedback';
import { FilterBar, SelectFilter, TextFilter } from '../../../components/filter-bar';
import { NewerOlderPagination, PageHeader } from '../../../components/layout';
import { useFormatters } from '../../../i18n/format';
import { useEnumLabel } from '../../../i18n/enum-labels';
import { buildUrl } from '../../../lib/api-client';
import {
  API_ROUTES,
  CHANGE_EVENT_TYPES,
  CHANGES_LIMIT,
  IMAGE_LISTS,
  SEVERITY_FILTERS,
  type ChangeEvent,
  type ChangeEventType,
} from '../../../shared/contracts/facts';
import { useChanges } from '../api/use-changes';
import {
  CHANGE_WINDOWS,
  changesApiParams,
  changesSearch,
  readChangesView,
  type ChangesView as View,
} from '../changes-url-state';
import { usePreviousVisit } from '../last-visit';
import { EventDescription } from './event-description';
import '../changes.css';

export interface ChangesViewProps {
  /** The detail drawer of the image named by `image` in the URL, for the list shown. */
  renderDetail: (list: View['list']) => ReactNode;
}

export function ChangesView({ renderDetail }: ChangesViewProps) {
  const { t } = useTranslation('changes');
  const format = useFormatters();
  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.toString();
  const view = useMemo(() => readChangesView(new URLSearchParams(search)), [search]);
  const account = searchParams.get('account') ?? undefined;
  // The window's start is fixed while the page is open, so that paging does not shift events.
  const [openedAt] = useState(() => Date.now());
  const params = useMemo(
    () => changesApiParams(view, account, openedAt),
    [view, account, openedAt],
  );
  const changes = useChanges(params);
  const previousVisit = usePreviousVisit();

  const update = (next: Partial<View>) => {
    const merged = { ...view, offset: 0, ...next };
    setSearchParams((current) => {
      const out = new URLSearchParams();
      const keep = ['account', 'lang', 'image'];
      for (const key of keep) {
        const value = current.get(key);
        if (value !== null && !(key === 'image' && next.list !== undefined)) out.set(key, value);
      }
      for (const [key, value] of Object.entries(changesSearch(merged)))
        if (value !== undefined) out.set(key, value);
      return out;
    });
  };
  const toggleType = (type: ChangeEventType) =>
    update({
      eventTypes: view.eventTypes.includes(type)
        ? view.eventTypes.filter((one) => one !== type)
        : [...view.eventTypes, type],
    });
  const openImage = (key: string) =>
    setSearchParams((current) => {
      const out = new URLSearchParams(current);
      out.set('image', key);
      return out;
    });

  const page = changes.data;
  const exportHref = buildUrl(API_ROUTES.changesExport, {
    ...params,
    offset: undefined,
    limit: undefined,
  });
  return (
    <div className="changes">
      <PageHeader
        title={t('title')}
        lead={
          page?.baseline_at
            ? t('lead', { since: format.exactTime(page.baseline_at) })
            : t('leadNoBaseline')
        }
      >
        <ExportLink route={API_ROUTES.changesExport} href={exportHref}>
          {t('export')}
        </ExportLink>
      </PageHeader>

      <ChangesFilters view={view} update={update} />

      <div className="changes__types" role="group" aria-label={t('eventTypes')}>
        {CHANGE_EVENT_TYPES.map((type) => (
          <button
            key={type}
            type="button"
            className={`changes__type changes__type--${type}`}
            aria-pressed={view.eventTypes.includes(type)}
            onClick={() => toggleType(type)}
          >
            <span>{t(`types.${type}`)}</span>
            <span className="count">{format.number(page?.counts[type] ?? 0)}</span>
          </button>
        ))}
      </div>

      <QueryContent
        query={changes}
        text={{
          ...queryStateText(t),
          emptyHint: page?.baseline_at ? t('emptyHint') : t('emptyNoBaseline'),
        }}
        isEmpty={(found) => found.data_list.length === 0}
      >
        {(found) => (
          <Timeline events={found.data_list} previousVisit={previousVisit} onOpen={openImage} />
        )}
      </QueryContent>

      <NewerOlderPagination
        namespace="changes"
        className="changes__pagination"
        page={page}
        offset={view.offset}
        pageSize={CHANGES_LIMIT.default}
        onOffset={(offset) => update({ offset })}
      />
      {renderDetail(view.list)}
    </div>
  );
}

function SeverityPicker(props: { selected: string[]; onChange: (next: string[]) => void }) {
  const { t } = useTranslation('changes');
  const label = useEnumLabel();
  return (
    <fieldset className="changes__severity">
      <legend>{t('severity')}</legend>
      {SEVERITY_FILTERS.map((level) => (
        <label key={level}>
          <input
            type="checkbox"
            checked={props.selected.includes(level)}
            onChange={(event) =>
              props.onChange(
                event.target.checked
                  ? [...props.selected, level]
                  : props.selected.filter((one) => one !== level),
              )
            }
          />
          {label('severity', level)}
        </label>
      ))}
    </fieldset>
  );
}

/** Events grouped by the local day they were recorded, newest first. */
function Timeline(props: {
  events: ChangeEvent[];
  previousVisit: number | null;
  onOpen: (key: string) => void;
}) {
  const { t, i18n } = useTranslation('changes');
  const format = useFormatters();
  const dayFormat = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full' });
  const timeFormat = new Intl.DateTimeFormat(i18n.language, { timeStyle: 'short' });
  const days: { day: string; events: ChangeEvent[] }[] = [];
  for (const event of props.events) {
    const day = dayFormat.format(event.at);
    const last = days.at(-1);
    if (last?.day === day) last.events.push(event);
    else days.push({ day, events: [event] });
  }
  return (
    <div className="changes__timeline">
      {days.map(({ day, events }) => (
        <section key={day} className="changes__day">
          <h2>{day}</h2>
          <ol>
            {events.map((event) => {
              const isNew = props.previousVisit !== null && event.at > props.previousVisit;
              const name = `${event.image.namespace}/${event.image.image_name}:${event.image.image_version}`;
              return (
                <li
                  key={event.id}
                  className={isNew ? 'changes__event changes__event--new' : 'changes__event'}
                >
                  <time
                    dateTime={new Date(event.at).toISOString()}
                    title={format.exactTime(event.at)}
                  >
                    {timeFormat.format(event.at)}
                  </time>
                  <span className={`changes__type-label changes__type--${event.event_type}`}>
                    {t(`types.${event.event_type}`)}
                  </span>
                  <button
                    type="button"
                    className="changes__image"
                    onClick={() => props.onOpen(event.image.id)}
                    title={t('openImage')}
                  >
                    {name}
                  </button>
                  <EventDescription event={event} />
                  {isNew ? <span className="accent-chip changes__new">{t('new')}</span> : null}
                </li>
              );
            })}
          </ol>
        </section>
      ))}
    </div>
  );
}

interface ViewControls {
  view: View;
  update: (next: Partial<View>) => void;
}

/** The list, time range, severity, namespace, name and search of the feed. */
function ChangesFilters({ view, update }: ViewControls) {
  const { t } = useTranslation('changes');
  return (
    <FilterBar label={t('filters')}>
      <div className="changes__segmented" role="group" aria-label={t('list')}>
        {IMAGE_LISTS.map((list) => (
          <button
            key={list}
            type="button"
            className="button"
            aria-pressed={view.list === list}
            onClick={() => update({ list })}
          >
            {t(`lists.${list}`)}
          </button>
        ))}
      </div>
      <SelectFilter
        label={t('window')}
        fieldClassName="changes__field"
        value={view.window}
        options={CHANGE_WINDOWS}
        optionLabel={(window) => t(`windows.${window}`)}
        onChange={(window) => update({ window })}
      />
      <SeverityPicker selected={view.severity} onChange={(severity) => update({ severity })} />
      <TextFilter
        label={t('namespace')}
        fieldClassName="changes__field"
        value={view.namespace}
        onCommit={(namespace) => update({ namespace })}
      />
      <TextFilter
        label={t('imageName')}
        fieldClassName="changes__field"
        value={view.imageName}
        onCommit={(imageName) => update({ imageName })}
      />
      <TextFilter
        label={t('search')}
        fieldClassName="changes__field"
        type="search"
        value={view.q}
        placeholder={t('searchPlaceholder')}
        onCommit={(q) => update({ q })}
      />
    </FilterBar>
  );
}
