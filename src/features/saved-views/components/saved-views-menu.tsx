// The navigation's Views menu: every saved view, by list, each opening its page exactly as saved;
// and the way to the views page. Its words are in `common`: the header is on every page.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router-dom';
import { DropdownMenu } from '../../../components/menu';
import { isApiError } from '../../../lib/api-client';
import { APP_ROUTES, IMAGE_LISTS, type SavedViewAnswer } from '../../../shared/contracts/facts';
import { useSavedViews } from '../api/saved-views';
import { applyViewColumns, viewHref } from '../saved-view-url';
// The menu is in the header of every page: its styles must not wait for a saved-views page.
import '../saved-views.css';

export function SavedViewsMenu() {
  const { t } = useTranslation();
  const views = useSavedViews();
  // The links exist only while the menu is open: closed, it is one entry of the navigation.
  const [open, setOpen] = useState(false);
  // Not signed in: the page says so; the menu has nothing to offer.
  if (isApiError(views.error) && views.error.isUnauthorized) return null;
  const all = views.data ?? [];
  return (
    <DropdownMenu
      className="nav-menu"
      onToggle={setOpen}
      summary={
        <summary className="nav-menu__summary">
          {t('watch.viewsMenu')} <span aria-hidden="true">▾</span>
        </summary>
      }
    >
      {open ? <ViewsPanel views={all} /> : null}
    </DropdownMenu>
  );
}

function ViewsPanel({ views: all }: { views: SavedViewAnswer[] }) {
  const { t } = useTranslation();
  return (
    <div className="popover nav-menu__panel" role="group" aria-label={t('watch.viewsMenuLabel')}>
      {all.length === 0 ? <p className="nav-menu__empty">{t('watch.noViews')}</p> : null}
      {IMAGE_LISTS.map((list) => {
        const ofList = all.filter((view) => view.list === list);
        if (ofList.length === 0) return null;
        return (
          <section key={list} className="nav-menu__section">
            <h2 className="nav-menu__heading">{t(`watch.lists.${list}`)}</h2>
            <ul>
              {ofList.map((view) => (
                <li key={view.id}>
                  <Link
                    to={viewHref(view)}
                    onClick={(event) => {
                      applyViewColumns(view);
                      event.currentTarget.closest('details')?.removeAttribute('open');
                    }}
                  >
                    {view.name}
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      <NavLink
        className="nav-menu__more"
        to={APP_ROUTES.views}
        onClick={(event) => event.currentTarget.closest('details')?.removeAttribute('open')}
      >
        {t('watch.manageViews')}
      </NavLink>
    </div>
  );
}
