// The /views page: the team's saved views, each opening its list page as saved, renamed in
// place, deleted after a confirmation, or made the source of a watch rule in one click.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Allowed } from '../../../components/access';
import { CollectionPage, collectionPageText } from '../../../components/layout';
import { useFormatters } from '../../../i18n/format';
import { API_ROUTES, APP_ROUTES, type SavedViewAnswer } from '../../../shared/contracts/facts';
import { useSavedViews } from '../api/saved-views';
import { applyViewColumns, queryFilters, viewHref } from '../saved-view-url';
import { ViewActions } from './view-actions';
import '../saved-views.css';

export function SavedViewsPage() {
  const { t } = useTranslation('views');
  const format = useFormatters();
  return (
    <CollectionPage
      className="saved-views"
      text={collectionPageText(t)}
      query={useSavedViews()}
      columns={[
        t('table.name'),
        t('table.list'),
        t('table.filters'),
        t('table.columns'),
        t('table.created'),
        t('table.actions'),
      ]}
      rows={(views: SavedViewAnswer[]) =>
        views.map((view) => (
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
              <Allowed method="PUT" route={API_ROUTES.view}>
                <ViewActions
                  view={view}
                  ruleHref={`${APP_ROUTES.rules}/new?view_id=${encodeURIComponent(view.id)}`}
                />
              </Allowed>
            </td>
          </tr>
        ))
      }
    />
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
