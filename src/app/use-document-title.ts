import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Each page's name in the catalogues. The first pages' names are under `app.pages`; later ones
 * came at their catalogue's end or are their own namespace's title.
 */
export const PAGE_NAME_KEYS = {
  overview: 'app.pages.overview',
  registryImages: 'app.pages.registryImages',
  cicdImages: 'app.pages.cicdImages',
  acr: 'app.pages.acr',
  changes: 'app.pages.changes',
  baseImages: 'app.pages.baseImages',
  notFound: 'app.pages.notFound',
  views: 'watch.pages.views',
  rules: 'watch.pages.rules',
  search: 'search.pageName',
  audit: 'audit:title',
  tokens: 'access:tokens.title',
} as const;

/** The tab's title: the page's name in the current language. */
export function useDocumentTitle(page: keyof typeof PAGE_NAME_KEYS) {
  const { t } = useTranslation();
  const title = t('app.documentTitle', { page: t(PAGE_NAME_KEYS[page]) });
  useEffect(() => {
    document.title = title;
  }, [title]);
}
