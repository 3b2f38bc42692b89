import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** The tab's title: the page's name (a key of `app.pages`) in the current language. */
export function useDocumentTitle(
  page:
    | 'overview'
    | 'registryImages'
    | 'cicdImages'
    | 'acr'
    | 'changes'
    | 'baseImages'
    | 'notFound'
    | 'views'
    | 'rules'
    | 'search',
) {
  const { t } = useTranslation();
  // The saved views' and rules' page names came later, at the catalogue's end (`watch.pages`).
  // The search page's name too (`search.pageName`).
  const key =
    page === 'search'
      ? 'search.pageName'
      : page === 'views' || page === 'rules'
        ? `watch.pages.${page}`
        : `app.pages.${page}`;
  const title = t('app.documentTitle', { page: t(key) });
  useEffect(() => {
    document.title = title;
  }, [title]);
}
