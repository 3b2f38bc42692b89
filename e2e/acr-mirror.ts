// The ACR sync mirrors the demo instance at start-up: specs that read the mirror wait for it.
import type { APIRequestContext } from '@playwright/test';
import { SyncResponseSchema } from '../src/shared/contracts';
import { expect } from './fixtures';

/** Waits for the first complete crawl of every ACR instance. */
export async function acrMirrored(request: APIRequestContext) {
  await expect
    .poll(
      async () => {
        const status = SyncResponseSchema.parse(await (await request.get('/api/sync')).json());
        const instances = (status.acr ?? []).flatMap((account) => account.instances);
        return instances.length > 0 && instances.every((entry) => entry.last_full_sync !== null);
      },
      { timeout: 60_000 },
    )
    .toBe(true);
}
