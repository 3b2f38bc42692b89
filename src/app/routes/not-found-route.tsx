import { useTranslation } from 'react-i18next';
import { RichMessage } from '../../i18n/rich-message';
import { Link } from 'react-router-dom';
import { APP_ROUTES } from '../../shared/contracts/facts';
import { useDocumentTitle } from '../use-document-title';

export function NotFoundRoute() {
  const { t } = useTranslation();
  useDocumentTitle('notFound');
  return (
    <div className="state">
      <h1 className="state__title">{t('notFound.title')}</h1>
      <p>
        <RichMessage
          i18nKey="notFound.body"
          components={{
            overview: <Link to={APP_ROUTES.overview} />,
            images: <Link to={APP_ROUTES.registryImages} />,
          }}
        />
      </p>
    </div>
  );
}
