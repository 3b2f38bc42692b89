// GET /api/accounts, and the one way routes pick an account (`account` query parameter).
import type { FastifyInstance } from 'fastify';
import { API_ROUTES, type Account } from '../../shared/contracts';
import type { AccountConfig, AlibabaAccountConfig, HuaweiAccountConfig } from '../config';
import { invalidParameter } from '../plugins/error-handler';
import { refuseQuery } from './validate';
import type { Scope } from '../auth/principal';
import { inScopeAccounts, scopeOf } from '../auth/request-scope';

export function publicAccount(account: AccountConfig): Account {
  const region =
    account.provider === 'huawei' ? account.credentials.region : account.credentials.regionId;
  return {
    id: account.id,
    provider: account.provider,
    region,
    name: account.name,
    mode: account.mode,
  };
}

/**
 * The requested account of that provider, or the first one; an unknown id is a 400 on `account`.
 * Only accounts inside the scope exist for the caller (an id outside it is as unknown).
 */
export function pickAccount(
  accounts: readonly AccountConfig[],
  provider: 'huawei',
  requested: string | undefined,
  scope: Scope,
): HuaweiAccountConfig;
export function pickAccount(
  accounts: readonly AccountConfig[],
  provider: 'alibaba',
  requested: string | undefined,
  scope: Scope,
): AlibabaAccountConfig;
export function pickAccount(
  accounts: readonly AccountConfig[],
  provider: AccountConfig['provider'],
  requested: string | undefined,
  scope: Scope,
): AccountConfig;
export function pickAccount(
  accounts: readonly AccountConfig[],
  provider: AccountConfig['provider'],
  requested: string | undefined,
  scope: Scope,
): AccountConfig {
  const ofProvider = inScopeAccounts(scope, accounts, (account) => account.id).filter(
    (account) => account.provider === provider,
  );
  if (requested === undefined) {
    const first = ofProvider[0];
    if (!first)
      throw invalidParameter(
        'account',
        `account: no ${provider === 'huawei' ? 'Huawei Cloud' : 'Alibaba Cloud'} account is configured`,
      );
    return first;
  }
  const match = ofProvider.find((account) => account.id === requested);
  if (!match) {
    const known = ofProvider.map((account) => account.id).join(', ') || 'none';
    throw invalidParameter(
      'account',
      `account must be the id of a configured ${provider} account (${known})`,
    );
  }
  return match;
}

export function registerAccountRoutes(
  app: FastifyInstance,
  accounts: readonly AccountConfig[],
): void {
  app.get(API_ROUTES.accounts, async (request) => {
    refuseQuery(request);
    return {
      accounts: inScopeAccounts(scopeOf(request), accounts, (account) => account.id).map(
        publicAccount,
      ),
    };
  });
}
