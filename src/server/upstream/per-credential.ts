// One of something per credential and API (call budgets, circuit breakers), made on first use.
import type { UpstreamApi } from './types';

export class PerCredentialAndApi<T> {
  private readonly byCredential = new Map<string, Map<UpstreamApi, T>>();

  constructor(private readonly create: (credentialId: string, api: UpstreamApi) => T) {}

  get(credentialId: string, api: UpstreamApi): T {
    let items = this.byCredential.get(credentialId);
    if (!items) {
      items = new Map();
      this.byCredential.set(credentialId, items);
    }
    let item = items.get(api);
    if (item === undefined) {
      item = this.create(credentialId, api);
      items.set(api, item);
    }
    return item;
  }

  /** `read` of every item this credential has used, by API name (for /api/sync). */
  readAll<R>(credentialId: string, read: (item: T) => R): Record<string, R> {
    const out: Record<string, R> = {};
    for (const [api, item] of this.byCredential.get(credentialId) ?? []) out[api] = read(item);
    return out;
  }
}
