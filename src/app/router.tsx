import { createBrowserRouter } from 'react-router-dom';
import { loadNamespaces } from '../i18n/i18n';
import { APP_ROUTES } from '../shared/contracts/facts';
import { Layout } from './layout';
import { RouteError } from './route-error';

// Each page is a chunk of its own, fetched when it is first shown: the first page loads its own
// code, not the other pages' tables and charts (bench/app.bench.ts bounds the first page).

/**
 * The image list pages' code, with the contract schemas they read their URL by (a lazy chunk,
 * lib/lazy-schema.ts) fetched alongside rather than after it, and loaded before the page renders:
 * a list that suspended on its schema would ask for its rows only once React reveals it, up to
 * 300 ms after the fallback (React throttles reveals).
 */
async function importListPages() {
  const [pages] = await Promise.all([
    import('./routes/image-list-routes'),
    import('../shared/contracts/bff'),
  ]);
  await pages.loadListSchemas();
  return pages;
}
export function createAppRouter() {
  return createBrowserRouter([
    {
      element: <Layout />,
      errorElement: <RouteError />,
      children: [
        {
          path: APP_ROUTES.overview,
          lazy: async () => {
            const [route] = await Promise.all([
              import('./routes/overview-route'),
              loadNamespaces('overview', 'baseImages', 'search'),
            ]);
            return { Component: route.OverviewRoute };
          },
        },
        {
          path: APP_ROUTES.registryImages,
          lazy: async () => ({
            Component: (await importListPages()).RegistryImagesRoute,
          }),
        },
        {
          path: APP_ROUTES.cicdImages,
          lazy: async () => ({
            Component: (await importListPages()).CicdImagesRoute,
          }),
        },
        {
          path: APP_ROUTES.changes,
          lazy: async () => {
            const [route] = await Promise.all([
              import('./routes/changes-route'),
              loadNamespaces('changes', 'detail'),
            ]);
            return { Component: route.ChangesRoute };
          },
        },
        {
          path: APP_ROUTES.views,
          lazy: async () => {
            const [route] = await Promise.all([
              import('./routes/saved-views-route'),
              loadNamespaces('views'),
            ]);
            return { Component: route.SavedViewsRoute };
          },
        },
        {
          path: APP_ROUTES.rules,
          lazy: async () => {
            const [route] = await Promise.all([
              import('./routes/rules-routes'),
              loadNamespaces('rules', 'views'),
            ]);
            return { Component: route.RulesRoute };
          },
        },
        {
          path: APP_ROUTES.rule,
          lazy: async () => {
            const [route] = await Promise.all([
              import('./routes/rules-routes'),
              loadNamespaces('rules', 'views'),
            ]);
            return { Component: route.RuleRoute };
          },
        },
        {
          path: APP_ROUTES.baseImages,
          lazy: async () => {
            const [route] = await Promise.all([
              import('./routes/base-images-route'),
              loadNamespaces('baseImages'),
            ]);
            return { Component: route.BaseImagesRoute };
          },
        },
        {
          path: APP_ROUTES.tokens,
          lazy: async () => {
            const [route] = await Promise.all([
              import('./routes/tokens-route'),
              loadNamespaces('access'),
            ]);
            return { Component: route.TokensRoute };
          },
        },
        {
          path: APP_ROUTES.audit,
          lazy: async () => {
            const [route] = await Promise.all([
              import('./routes/audit-route'),
              loadNamespaces('audit', 'access'),
            ]);
            return { Component: route.AuditRoute };
          },
        },
        {
          path: APP_ROUTES.acr,
          lazy: async () => {
            const [route] = await Promise.all([
              import('./routes/acr-route'),
              loadNamespaces('acr', 'export'),
            ]);
            return { Component: route.AcrRoute };
          },
        },
        {
          path: APP_ROUTES.search,
          lazy: async () => {
            const [route] = await Promise.all([
              import('./routes/search-route'),
              loadNamespaces('search'),
            ]);
            return { Component: route.SearchRoute };
          },
        },
        {
          path: '*',
          lazy: async () => ({
            Component: (await import('./routes/not-found-route')).NotFoundRoute,
          }),
        },
      ],
    },
  ]);
}
