import { NavLink, Outlet, useSearchParams } from 'react-router-dom';
import { AppFrame } from '../components/layout';
import { SignInRequired } from '../components/feedback';
import { isApiError } from '../lib/api-client';
import { APP_ROUTES } from '../shared/contracts';
import { AccountSelector } from '../features/accounts/components/account-selector';
import { DemoBanner } from '../features/accounts/components/demo-banner';
import { useAccounts } from '../features/accounts/api/get-accounts';
import { SessionMenu } from '../features/session/components/session-menu';
import { SyncIndicator } from '../features/sync-status/components/sync-indicator';

const NAVIGATION = [
  { to: APP_ROUTES.overview, label: 'Overview', end: true },
  { to: APP_ROUTES.registryImages, label: 'Repository images', end: false },
  { to: APP_ROUTES.cicdImages, label: 'CI/CD images', end: false },
  { to: APP_ROUTES.acr, label: 'ACR', end: false },
] as const;

export function Layout() {
  const [searchParams] = useSearchParams();
  const accounts = useAccounts();
  // The account follows the user between pages; every other parameter belongs to its page.
  const account = searchParams.get('account');
  const search = account ? `?${new URLSearchParams({ account }).toString()}` : '';
  const unauthorized = isApiError(accounts.error) && accounts.error.isUnauthorized;

  return (
    <AppFrame
      brand={
        <NavLink to={{ pathname: APP_ROUTES.overview, search }} className="brand">
          <img src="/favicon.svg" alt="" width={20} height={20} />
          Imagewatch
        </NavLink>
      }
      navigation={
        <ul>
          {NAVIGATION.map((item) => (
            <li key={item.to}>
              <NavLink to={{ pathname: item.to, search }} end={item.end}>
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      }
      tools={
        unauthorized ? null : (
          <>
            <SyncIndicator />
            <AccountSelector />
            <SessionMenu />
          </>
        )
      }
      banner={<DemoBanner />}
    >
      {unauthorized ? <SignInRequired /> : <Outlet />}
    </AppFrame>
  );
}
