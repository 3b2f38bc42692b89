import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** The tab's title: the page's name (a key of `app.pages`) in the current language. */
export function useDocumentTitle(
  page:
    'overview' | 'registryImages' | 'cicdImages' | 'acr' | 'changes' | 'baseImages' | 'notFound',
) {
  const { t } = useTranslation();
  const title = t('app.documentTitle', { page: t(`app.pages.${page}`) });
  useEffect(() => {
    document.title = title;
  }, [title]);
}
