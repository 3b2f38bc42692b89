import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useNavigationType, useSearchParams } from 'react-router-dom';
import { patchSearchParams, type SearchPatch } from '../../lib/url-state';
import { useUrlQuery } from '../../lib/use-url-query';
import type { Account } from '../../shared/contracts';
import { useAccounts } from '../../lib/get-accounts';
import { AcrPageQuerySchema, INSTANCE_SCOPED_PARAMS } from './acr-url-state';

export type AcrAccountState =
  | { kind: 'loading' }
  | { kind: 'failed'; error: unknown; retry: () => void }
  /** No Alibaba Cloud account is configured. */
  | { kind: 'none' }
  /** The URL names a Huawei Cloud account (picked in the header): ACR needs an Alibaba one. */
  | { kind: 'wrong-provider'; account: Account; alibabaAccounts: Account[] }
  | { kind: 'ready'; account: Account };

/**
 * The page's URL state and its account. On `/acr` the default account is the first Alibaba
 * Cloud one (the header's selector defaults to Huawei Cloud, whose image lists the other pages
 * show), written into the URL so that the selector and a copied link agree.
 */
export function useAcrPage() {
  const url = useUrlQuery(AcrPageQuerySchema);
  const [, setSearchParams] = useSearchParams();
  const navigationType = useNavigationType();
  const accountsQuery = useAccounts();
  const accounts = accountsQuery.data?.accounts;
  const requested = url.value.account;

  const accountState = useMemo((): AcrAccountState => {
    if (!accounts) {
      return accountsQuery.isError
        ? {
            kind: 'failed',
            error: accountsQuery.error,
            retry: () => void accountsQuery.refetch(),
          }
        : { kind: 'loading' };
    }
    const alibabaAccounts = accounts.filter((account) => account.provider === 'alibaba');
    const named = accounts.find((account) => account.id === requested);
    if (named?.provider === 'alibaba') return { kind: 'ready', account: named };
    if (named && alibabaAccounts.length > 0)
      return { kind: 'wrong-provider', account: named, alibabaAccounts };
    if (named) return { kind: 'none' };
    return alibabaAccounts[0] ? { kind: 'loading' } : { kind: 'none' };
    // accountsQuery's identity changes every render; its fields are what matter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [accounts, requested, accountsQuery.isError, accountsQuery.error]);

  const defaultAccountId = accounts?.find((account) => account.provider === 'alibaba')?.id;
  const hasKnownAccount = accounts?.some((account) => account.id === requested) ?? false;
  useEffect(() => {
    if (!accounts || hasKnownAccount || !defaultAccountId) return;
    // Replace, not push: the bare /acr entry should not be a step back.
    setSearchParams((params) => patchSearchParams(params, { account: defaultAccountId }), {
      replace: true,
    });
  }, [accounts, hasKnownAccount, defaultAccountId, setSearchParams]);

  // Another account (picked in the header: a PUSH) has other instances and repositories, so
  // the instance and the open repository no longer apply. Back/forward (POP) restore an entry
  // whose state was consistent, so they are left alone.
  const previousAccount = useRef(requested);
  useEffect(() => {
    const previous = previousAccount.current;
    previousAccount.current = requested;
    if (!previous || !requested || previous === requested || navigationType !== 'PUSH') return;
    const cleared: SearchPatch = Object.fromEntries(
      INSTANCE_SCOPED_PARAMS.map((key) => [key, null]),
    );
    setSearchParams((params) => patchSearchParams(params, cleared), { replace: true });
  }, [requested, navigationType, setSearchParams]);

  const { patch } = url;
  const pushAccount = useCallback(
    (id: string) =>
      patch({
        account: id,
        ...Object.fromEntries(INSTANCE_SCOPED_PARAMS.map((key) => [key, null])),
      }),
    [patch],
  );

  return { query: url.value, ignored: url.ignored, patch, accountState, pushAccount };
}
