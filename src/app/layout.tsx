import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { AppFrame, LanguageSwitch } from '../components/layout';
import { SignInRequired } from '../components/feedback';
import { isApiError } from '../lib/api-client';
import { takeReturnPath } from '../lib/sign-in-return';
import { loadNamespaces } from '../i18n/i18n';
import { API_ROUTES, APP_ROUTES } from '../shared/contracts/facts';
import { AccountSelector } from '../features/accounts/components/account-selector';
import { DemoBanner } from '../features/accounts/components/demo-banner';
import { useAccounts } from '../lib/get-accounts';
import { useRoleKnownToAllow } from '../lib/session';
import { SessionMenu } from '../features/session/components/session-menu';
import { AccountFallbackNotice } from '../features/accounts/components/account-fallback-notice';
import { pageProvider } from '../features/accounts/page-provider';
import { usePageAccount } from '../features/accounts/use-page-account';
import { SyncIndicator } from '../features/sync-status/components/sync-indicator';
import { useCurrentAccount } from '../features/accounts/use-current-account';
import { NewChangesBadge } from '../features/changes/components/new-changes-badge';
import { HeaderSearchBox } from '../features/search/components/header-search-box';

/** The product's name: a proper name, the same in every language. */
const PRODUCT_NAME = 'Imagewatch';

// Shown on the ACR page only, and it brings the ACR queries and their schemas: a lazy chunk, off
// the other pages' first load (docs/benchmarks.md).
const AcrDataAge = lazy(async () => {
  const [feature] = await Promise.all([
    import('../features/acr/components/acr-data-age'),
    loadNamespaces('acr'),
  ]);
  return { default: feature.AcrDataAge };
});

// The saved views' menu arrives just after the first paint: the first page carries its own code
// only (bench/app.bench.ts bounds it).
const SavedViewsMenu = lazy(async () => ({
  default: (await import('../features/saved-views/components/saved-views-menu')).SavedViewsMenu,
}));

const NAVIGATION = [
  { to: APP_ROUTES.overview, page: 'overview', end: true },
  { to: APP_ROUTES.registryImages, page: 'registryImages', end: false },
  { to: APP_ROUTES.cicdImages, page: 'cicdImages', end: false },
  { to: APP_ROUTES.acr, page: 'acr', end: false },
  { to: APP_ROUTES.changes, page: 'changes', end: false },
  { to: APP_ROUTES.baseImages, page: 'baseImages', end: false },
] as const;

export function Layout() {
  const { t } = useTranslation();
  const accounts = useAccounts();
  const { fallback, accountFor, settled } = usePageAccount();
  // The account follows the user between pages of its provider (each page keeps its own
  // provider's last account); every other parameter belongs to its page.
  const searchFor = (pathname: string) => {
    const account = accountFor(pageProvider(pathname));
    return account ? `?${new URLSearchParams({ account }).toString()}` : '';
  };
  const unauthorized = isApiError(accounts.error) && accounts.error.isUnauthorized;
  const mayReadAudit = useRoleKnownToAllow('GET', API_ROUTES.audit);
  useReturnAfterSignIn(accounts.isSuccess);

  return (
    <AppFrame
      brand={
        <NavLink
          to={{ pathname: APP_ROUTES.overview, search: searchFor(APP_ROUTES.overview) }}
          className="brand"
        >
          <img src="/favicon.svg" alt="" width={20} height={20} />
          {PRODUCT_NAME}
        </NavLink>
      }
      navigation={
        <ul>
          {NAVIGATION.map((item) => (
            <li key={item.to}>
              <NavLink to={{ pathname: item.to, search: searchFor(item.to) }} end={item.end}>
                {t(`app.pages.${item.page}`)}
                {item.to === APP_ROUTES.changes ? <NewChangesBadge /> : null}
              </NavLink>
            </li>
          ))}
          <li>
            <Suspense fallback={null}>
              <SavedViewsMenu />
            </Suspense>
          </li>
          <li>
            <NavLink to={APP_ROUTES.rules}>{t('watch.rulesLink')}</NavLink>
          </li>
          {mayReadAudit ? (
            <li>
              <NavLink to={APP_ROUTES.audit}>{t('auditLink')}</NavLink>
            </li>
          ) : null}
        </ul>
      }
      tools={
        unauthorized ? (
          <LanguageSwitch />
        ) : (
          <>
            <HeaderSearchBox account={accountFor(pageProvider(APP_ROUTES.search))} />
            <HeaderDataAge />
            <AccountSelector />
            <LanguageSwitch />
            <Suspense fallback={null}>
              <SessionMenu />
            </Suspense>
          </>
        )
      }
      banner={<DemoBanner />}
    >
      {unauthorized ? (
        <SignInRequired />
      ) : (
        <>
          {fallback ? <AccountFallbackNotice fallback={fallback} /> : null}
          {settled ? <Outlet /> : null}
        </>
      )}
    </AppFrame>
  );
}

/** The age of the data on screen, in the header. */
function HeaderDataAge() {
  const { pathname } = useLocation();
  const { current } = useCurrentAccount();
  // ACR is not mirrored: the HSS inventory's age says nothing about the ACR data on screen.
  if (pathname === APP_ROUTES.acr || pathname.startsWith(`${APP_ROUTES.acr}/`)) {
    return (
      <Suspense fallback={null}>
        <AcrDataAge />
      </Suspense>
    );
  }
  return <SyncIndicator current={current} />;
}

/**
 * Once signed in, a view that asked for sign-in earlier (a shared link) is restored, when the
 * sign-in link landed on the start page; anywhere else the user has already moved on.
 */
function useReturnAfterSignIn(signedIn: boolean) {
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  const onStartPage = pathname === APP_ROUTES.overview && search === '';
  useEffect(() => {
    if (!signedIn) return;
    const path = takeReturnPath();
    if (path && onStartPage) void navigate(path, { replace: true });
    // Only at sign-in: later moves to the start page are the user's own.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [signedIn]);
}
