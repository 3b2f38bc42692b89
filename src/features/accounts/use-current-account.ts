import { useCallback } from 'react';
import { useLocation, useSearchParams } from 'react-router-dom';
import type { Account } from '../../shared/contracts';
import { patchSearchParams } from '../../lib/url-state';
import { useAccounts } from '../../lib/get-accounts';
import { defaultAccountOf, pageProvider } from './page-provider';

/**
 * The account in the URL (`account`) when it is one of this page's provider (page-provider.ts),
 * else that provider's first account, as the BFF defaults. `accounts` are the page's provider's.
 */
export function useCurrentAccount(): {
  accounts: Account[];
  current: Account | undefined;
  setAccount: (id: string) => void;
} {
  const [searchParams, setSearchParams] = useSearchParams();
  const { pathname } = useLocation();
  const { data } = useAccounts();
  const provider = pageProvider(pathname);
  const accounts = (data?.accounts ?? []).filter((account) => account.provider === provider);
  const requested = searchParams.get('account');
  const current =
    accounts.find((account) => account.id === requested) ?? defaultAccountOf(accounts, provider);
  const setAccount = useCallback(
    (id: string) =>
      // Another account has other images: its page 5 is not this page 5, so start from the top.
      setSearchParams((params) =>
        patchSearchParams(params, { account: id, offset: undefined, image: undefined }),
      ),
    [setSearchParams],
  );
  return { accounts, current, setAccount };
}
