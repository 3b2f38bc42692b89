// The /views page: the team's saved views, each opening its list page as saved, renamed in
// place, deleted after a confirmation, or made the source of a watch rule in one click.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { QueryErrorState } from '../../../components/feedback';
import { useFormatters } from '../../../i18n/format';
import { APP_ROUTES, type SavedViewAnswer } from '../../../shared/contracts/facts';
import { useSavedViews } from '../api/saved-views';
import { applyViewColumns, queryFilters, viewHref } from '../saved-view-url';
import { ViewActions } from './view-actions';
import '../saved-views.css';

export function SavedViewsPage() {
  const { t } = useTranslation('views');
  const views = useSavedViews();
  return (
    <div className="saved-views">
      <header className="page-header">
        <div>
          <h1>{t('title')}</h1>
          <p className="page-header__lead">{t('lead')}</p>
        </div>
      </header>
      {views.isError ? (
        <QueryErrorState query={views} title={t('failed')} />
      ) : views.data === undefined ? (
        <p className="muted" role="status">
          {t('loading')}
        </p>
      ) : views.data.length === 0 ? (
        <div className="state">
          <p className="state__title">{t('empty')}</p>
          <p>{t('emptyHint')}</p>
        </div>
      ) : (
        <ViewsTable views={views.data} />
      )}
    </div>
  );
}

function ViewsTable({ views }: { views: SavedViewAnswer[] }) {
  const { t } = useTranslation('views');
  const format = useFormatters();
  return (
    <div className="plain-table">
      <table>
        <caption className="visually-hidden">{t('title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('table.name')}</th>
            <th scope="col">{t('table.list')}</th>
            <th scope="col">{t('table.filters')}</th>
            <th scope="col">{t('table.columns')}</th>
            <th scope="col">{t('table.created')}</th>
            <th scope="col">{t('table.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {views.map((view) => (
            <tr key={view.id}>
              <th scope="row" className="saved-views__name">
                <Link to={viewHref(view)} onClick={() => applyViewColumns(view)}>
                  {view.name}
                </Link>
              </th>
              <td>{t(`lists.${view.list}`)}</td>
              <td>
                <FilterSummary query={view.query} />
              </td>
              <td className="nowrap">
                {view.columns
                  ? t('columnCount', { count: view.columns.length })
                  : t('defaultColumns')}
              </td>
              <td className="nowrap">
                <time
                  dateTime={new Date(view.created_at).toISOString()}
                  title={
                    view.updated_at !== view.created_at
                      ? t('table.updatedAt', { at: format.exactTime(view.updated_at) })
                      : undefined
                  }
                >
                  {format.exactTime(view.created_at)}
                </time>
              </td>
              <td>
                <ViewActions
                  view={view}
                  ruleHref={`${APP_ROUTES.rules}/new?view_id=${encodeURIComponent(view.id)}`}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The view's filters and sort under the API's own parameter names, as its address has them. */
export function FilterSummary({ query }: { query: string }) {
  const { t } = useTranslation('views');
  const { filters, sort } = queryFilters(query);
  if (filters.length === 0 && !sort) return <span className="muted">{t('noFilters')}</span>;
  return (
    <ul className="filter-summary">
      {filters.map(([key, value]) => (
        <li key={`${key}=${value}`}>
          <code>
            {key}={value}
          </code>
        </li>
      ))}
      {sort ? (
        <li>
          {t('sortedBy', {
            key: sort.key,
            dir: t(`sortDir.${sort.dir === 'asc' ? 'asc' : 'desc'}`),
          })}
        </li>
      ) : null}
    </ul>
  );
}
