// What the sync engine needs from its collaborators, stated structurally so that it depends on
// behaviour, not on how the provider clients are built.
import type { BudgetStatus, CircuitStatus } from '../../shared/contracts';
import type { HssClient } from '../upstream/huawei/hss-client';
import type { UpstreamApi } from '../upstream/types';

/** The two list calls of the HSS client (a fake in the tests). */
export type HssListClient = Pick<HssClient, 'listRegistryImages' | 'listCicdImages'>;

export interface BudgetView {
  get(credentialId: string, api: UpstreamApi): { status(): BudgetStatus };
  snapshot(credentialId: string): Record<string, BudgetStatus>;
}

export interface BreakerView {
  status(credentialId: string): Record<string, CircuitStatus>;
}

export interface SyncLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface SyncAccount {
  id: string;
  /** The budget key of the account's credential (see server/clients.ts). */
  credentialId: string;
  enterpriseProjectId: string;
  client: HssListClient;
  /** 429 answers the client retried on its own for this API (they never reach the engine). */
  throttledRetries?: (api: UpstreamApi) => number;
}
