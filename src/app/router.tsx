import { createBrowserRouter } from 'react-router-dom';
import { APP_ROUTES } from '../shared/contracts';
import { Layout } from './layout';
import { RouteError } from './route-error';
import { AcrRoute } from './routes/acr-route';
import { CicdImagesRoute, RegistryImagesRoute } from './routes/image-list-routes';
import { NotFoundRoute } from './routes/not-found-route';
import { OverviewRoute } from './routes/overview-route';

export function createAppRouter() {
  return createBrowserRouter([
    {
      element: <Layout />,
      errorElement: <RouteError />,
      children: [
        { path: APP_ROUTES.overview, element: <OverviewRoute /> },
        { path: APP_ROUTES.registryImages, element: <RegistryImagesRoute /> },
        { path: APP_ROUTES.cicdImages, element: <CicdImagesRoute /> },
        { path: APP_ROUTES.acr, element: <AcrRoute /> },
        { path: '*', element: <NotFoundRoute /> },
      ],
    },
  ]);
}
