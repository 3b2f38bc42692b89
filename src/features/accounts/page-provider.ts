// Which cloud provider's account each page shows: ACR is Alibaba Cloud's, every other page shows
// Huawei Cloud's HSS and SWR data. A page never takes an account of the other provider.
import { APP_ROUTES, type Provider } from '../../shared/contracts/facts';
import type { Account } from '../../shared/contracts';

export function pageProvider(pathname: string): Provider {
  return pathname === APP_ROUTES.acr || pathname.startsWith(`${APP_ROUTES.acr}/`)
    ? 'alibaba'
    : 'huawei';
}

/** The provider's first configured account: the BFF's own default for its pages. */
export function defaultAccountOf(
  accounts: readonly Account[],
  provider: Provider,
): Account | undefined {
  return accounts.find((account) => account.provider === provider);
}

/**
 * What a URL's `account` means on a page of `provider`: `keep` (it is one of the provider's),
 * `absent`, or `fallback` (another provider's or an unknown id) to the provider's default.
 */
export function resolvePageAccount(
  accounts: readonly Account[],
  provider: Provider,
  requested: string | null,
):
  | { kind: 'keep'; account: Account }
  | { kind: 'absent' }
  | { kind: 'fallback'; requested: string; named: Account | undefined; to: Account | undefined } {
  if (!requested) return { kind: 'absent' };
  const named = accounts.find((account) => account.id === requested);
  if (named?.provider === provider) return { kind: 'keep', account: named };
  return { kind: 'fallback', requested, named, to: defaultAccountOf(accounts, provider) };
}
