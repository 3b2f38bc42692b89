import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { Account } from '../../shared/contracts';
import { patchSearchParams } from '../../lib/url-state';
import { useAccounts } from './api/get-accounts';

/**
 * The account in the URL (`account`), else the BFF's default: the first Huawei account (the
 * image lists are HSS's), else the first of any provider.
 */
export function useCurrentAccount(): {
  accounts: Account[];
  current: Account | undefined;
  setAccount: (id: string) => void;
} {
  const [searchParams, setSearchParams] = useSearchParams();
  const { data } = useAccounts();
  const accounts = data?.accounts ?? [];
  const requested = searchParams.get('account');
  const current =
    accounts.find((account) => account.id === requested) ??
    accounts.find((account) => account.provider === 'huawei') ??
    accounts[0];
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
