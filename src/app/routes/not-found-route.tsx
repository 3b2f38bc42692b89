import { Link } from 'react-router-dom';
import { APP_ROUTES } from '../../shared/contracts';
import { useDocumentTitle } from '../use-document-title';

export function NotFoundRoute() {
  useDocumentTitle('Page not found');
  return (
    <div className="state">
      <h1 className="state__title">There is no page at this address</h1>
      <p>
        Go to the <Link to={APP_ROUTES.overview}>overview</Link> or the{' '}
        <Link to={APP_ROUTES.registryImages}>repository images</Link>.
      </p>
    </div>
  );
}
