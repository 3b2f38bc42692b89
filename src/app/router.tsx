import type { ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router-dom';
import { loadNamespaces, type Namespace } from '../i18n/i18n';
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

/**
 * A page whose code and catalogue namespaces are fetched side by side, not one after the other,
 * when it is first shown.
 */
function pageRoute(
  path: string,
  namespaces: Namespace[],
  importPage: () => Promise<{ default: ComponentType }>,
): RouteObject {
  return {
    path,
    lazy: async () => {
      const [page] = await Promise.all([importPage(), loadNamespaces(...namespaces)]);
      return { Component: page.default };
    },
  };
}

export function createAppRouter() {
  return createBrowserRouter([
    {
      element: <Layout />,
      errorElement: <RouteError />,
      children: [
        pageRoute(
          APP_ROUTES.overview,
          ['overview', 'baseImages', 'search'],
          () => import('./routes/overview-route'),
        ),
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
        pageRoute(
          APP_ROUTES.changes,
          ['changes', 'detail'],
          () => import('./routes/changes-route'),
        ),
        pageRoute(APP_ROUTES.views, ['views'], () => import('./routes/saved-views-route')),
        pageRoute(APP_ROUTES.rules, ['rules', 'views'], () => import('./routes/rules-route')),
        pageRoute(APP_ROUTES.rule, ['rules', 'views'], () => import('./routes/rule-route')),
        pageRoute(
          APP_ROUTES.baseImages,
          ['baseImages'],
          () => import('./routes/base-images-route'),
        ),
        pageRoute(APP_ROUTES.tokens, ['access'], () => import('./routes/tokens-route')),
        pageRoute(APP_ROUTES.audit, ['audit', 'access'], () => import('./routes/audit-route')),
        pageRoute(APP_ROUTES.acr, ['acr', 'export'], () => import('./routes/acr-route')),
        pageRoute(APP_ROUTES.search, ['search'], () => import('./routes/search-route')),
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
