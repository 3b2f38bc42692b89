// The /tokens page: the signed-in user's personal API tokens.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { TokensPage } from '../../features/access-tokens';

export function TokensRoute() {
  const { t } = useTranslation();
  const title = t('app.documentTitle', { page: t('access:tokens.title') });
  useEffect(() => {
    document.title = title;
  }, [title]);
  return <TokensPage />;
}
