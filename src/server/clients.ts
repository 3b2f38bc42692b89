// The provider clients of every configured account, sharing one budget registry: the sync
// engine and the detail routes draw from the same budget per credential and API. With a shared
// database (PostgreSQL, several replicas) each budget is a SharedCallBudget, so the replicas
// together stay within it.
import { createHash } from 'node:crypto';
import type { AccountConfig } from './config';
import type { InventoryDb } from './store/db';
import { BudgetRegistry, parseRate, type CallBudget } from './upstream/budget';
import { SharedCallBudget } from './upstream/shared-budget';
import { CircuitBreakerRegistry, type CircuitBreakerOptions } from './upstream/circuit-breaker';
import { createAcrClient, type AcrClient } from './upstream/alibaba/acr-client';
import { createHssClient, type HssClient } from './upstream/huawei/hss-client';
import { createSwrClient, type SwrClient } from './upstream/huawei/swr-client';
import type { UpstreamApi } from './upstream/types';

/** A budget's view for callers that decide whether to wait for it (the detail routes). */
export type BudgetOf = (api: UpstreamApi) => CallBudget;

export interface HuaweiClients {
  provider: 'huawei';
  credentialId: string;
  budget: BudgetOf;
  hss: HssClient;
  swr: SwrClient;
}

export interface AlibabaClients {
  provider: 'alibaba';
  credentialId: string;
  budget: BudgetOf;
  acr: AcrClient;
}

export type AccountClients = HuaweiClients | AlibabaClients;

export interface ClientSet {
  budgets: BudgetRegistry;
  /** Circuit breakers per credential and API (`breakers.status(credentialId)` for /api/sync). */
  breakers: CircuitBreakerRegistry;
  byAccount: Map<string, AccountClients>;
  /** 429 answers that a client retried, per credential and API (for /api/sync). */
  throttledRetries(credentialId: string, api: UpstreamApi): number;
}

interface WarnLogger {
  warn(object: object, message: string): void;
}

/**
 * A budget key per credential, not per account: two accounts sharing a key share its limit.
 * Hashed so that no key material travels further than the clients.
 */
export function credentialIdOf(account: AccountConfig): string {
  const key =
    account.provider === 'huawei'
      ? `huawei:${account.credentials.ak}:${account.credentials.projectId}`
      : `alibaba:${account.credentials.accessKeyId}`;
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export function createClients(options: {
  accounts: readonly AccountConfig[];
  hssCallBudget: string;
  /** ACR_CALL_BUDGET for the `acr.*` APIs; without it they share the HSS rate. */
  acrCallBudget?: string;
  logger: WarnLogger;
  timeoutMs?: number;
  maxRetries?: number;
  circuitBreaker?: CircuitBreakerOptions;
  /** Scale-out: share every budget with the other replicas through this PostgreSQL inventory. */
  sharedBudgetDb?: InventoryDb;
}): ClientSet {
  const sharedDb = options.sharedBudgetDb;
  const budgets = new BudgetRegistry({
    defaultRate: parseRate(options.hssCallBudget),
    ...(options.acrCallBudget !== undefined
      ? {
          rates: {
            'acr.ListRepoTag': parseRate(options.acrCallBudget),
            'acr.ListRepository': parseRate(options.acrCallBudget),
          },
        }
      : {}),
    ...(sharedDb
      ? {
          create: (rate, credentialId, api) =>
            new SharedCallBudget(rate, { db: sharedDb, credentialId, api }),
        }
      : {}),
  });
  const breakers = new CircuitBreakerRegistry(options.circuitBreaker);
  const throttled = new Map<string, number>();
  const byAccount = new Map<string, AccountClients>();

  for (const account of options.accounts) {
    const credentialId = credentialIdOf(account);
    const logger: WarnLogger = {
      warn(object, message) {
        const fields = object as { api?: unknown; status?: unknown };
        if (fields.status === 429 && typeof fields.api === 'string') {
          const key = `${credentialId}:${fields.api}`;
          throttled.set(key, (throttled.get(key) ?? 0) + 1);
        }
        options.logger.warn({ account: account.id, ...object }, message);
      },
    };
    const deps = {
      budgets,
      breakers,
      credentialId,
      logger,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
    };
    const budget: BudgetOf = (api) => budgets.get(credentialId, api);
    if (account.provider === 'huawei') {
      const huaweiDeps = { ...deps, credentials: account.credentials };
      byAccount.set(account.id, {
        provider: 'huawei',
        credentialId,
        budget,
        hss: createHssClient({ ...huaweiDeps, endpoint: account.hssEndpoint }),
        swr: createSwrClient({ ...huaweiDeps, endpoint: account.swrEndpoint }),
      });
    } else {
      byAccount.set(account.id, {
        provider: 'alibaba',
        credentialId,
        budget,
        acr: createAcrClient({
          ...deps,
          credentials: account.credentials,
          endpoint: account.acrEndpoint,
        }),
      });
    }
  }

  return {
    budgets,
    breakers,
    byAccount,
    throttledRetries: (credentialId, api) => throttled.get(`${credentialId}:${api}`) ?? 0,
  };
}
