import { useEffect, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { patchSearchParams } from '../../lib/url-state';
import type { Account, Provider } from '../../shared/contracts';
import { useAccounts } from '../../lib/get-accounts';
import { pageProvider, resolvePageAccount } from './page-provider';

export interface AccountFallback {
  requested: string;
  named: Account | undefined;
  to: Account | undefined;
}

/** The fallback travels in the history entry's state: it belongs to that entry alone. */
interface FallbackState {
  accountFallback?: AccountFallback;
}

/**
 * Keeps each page on an account of its own provider. A URL naming another provider's account
 * (a link from the ACR page, a hand-edited one) is replaced by the page's default, and the
 * returned `fallback` says so. `accountFor` is the last account each provider's pages showed,
 * so the navigation takes the user back to it.
 */
export function usePageAccount(): {
  fallback: AccountFallback | undefined;
  accountFor: (provider: Provider) => string | undefined;
  /** The URL's account is fit for the page (or absent): the page may ask for data with it. */
  settled: boolean;
} {
  const [searchParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const { data, isError } = useAccounts();
  const [remembered, setRemembered] = useState<Partial<Record<Provider, string>>>({});
  const provider = pageProvider(location.pathname);
  const requested = searchParams.get('account');
  const accounts = data?.accounts;
  const resolution = accounts ? resolvePageAccount(accounts, provider, requested) : undefined;
  const keptId = resolution?.kind === 'keep' ? resolution.account.id : undefined;
  // Derived from this render's URL (React's "adjusting state while rendering").
  if (keptId && remembered[provider] !== keptId)
    setRemembered({ ...remembered, [provider]: keptId });

  useEffect(() => {
    if (!accounts) return;
    const wrong = resolvePageAccount(accounts, provider, requested);
    if (wrong.kind !== 'fallback') return;
    const search = patchSearchParams(new URLSearchParams(location.search), {
      account: wrong.to?.id,
      offset: undefined,
      image: undefined,
    }).toString();
    const state: FallbackState = {
      accountFallback: { requested: wrong.requested, named: wrong.named, to: wrong.to },
    };
    // Replace, not push: the wrong account was never a view of its own.
    void navigate(
      { pathname: location.pathname, search: search ? `?${search}` : '', hash: location.hash },
      { replace: true, state },
    );
  }, [accounts, provider, requested, location.pathname, location.search, location.hash, navigate]);

  const state = location.state as FallbackState | null;
  return {
    fallback: state?.accountFallback,
    accountFor: (target) => remembered[target],
    // Until the account list says, a named account may be the wrong provider's: a request with
    // it would only fail. Should the list fail, the page shows that failure itself.
    settled: !requested || isError || resolution?.kind === 'keep',
  };
}
