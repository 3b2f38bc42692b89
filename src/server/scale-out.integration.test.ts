// Scale-out: two BFF processes (src/server/main.ts) on one PostgreSQL and one simulator. They
// make one first crawl between them, answer alike, share the call budget (the simulator's limit
// equals the BFF budget and never answers 429), and when the syncing replica is killed the
// other takes the sync over. Needs PostgreSQL binaries or TEST_DATABASE_URL (fails otherwise,
// naming the install command).
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { SyncRefreshResponseSchema, type SyncResponse } from '../shared/contracts';
import type { StartedBff } from './test-support/bff-process';
import { useReplicaSet } from './test-support/replica-set';
import { waitFor } from './test-support/wait-for';

const REGISTRY_IMAGES = 1_600; // 8 pages of 200
const CICD_IMAGES = 250; // 2 pages
const RATE = '4/1s'; // the BFF's budget and the simulator's limit: a crawl takes a few seconds
const LEASE_TTL_MS = 3_000;
const TOKEN = 'scale-out-test-token-0123456789';

type Replica = StartedBff;

const replicaSet = useReplicaSet({
  token: TOKEN,
  estate: { seed: 3, registryImages: REGISTRY_IMAGES, cicdImages: CICD_IMAGES, rateLimit: RATE },
  stopSignal: 'SIGKILL',
});

function startReplica(): Promise<Replica> {
  return replicaSet.start({
    HSS_CALL_BUDGET: RATE,
    SYNC_LEASE_TTL_MS: String(LEASE_TTL_MS),
  });
}

async function get(replica: Replica, route: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${replica.url}${route}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  return { status: response.status, body: await response.json() };
}

async function post(replica: Replica, route: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${replica.url}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  return { status: response.status, body: await response.json() };
}

async function leaseHolder(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: replicaSet.databaseUrl() });
  await client.connect();
  try {
    const result = await client.query<{ holder: string }>('select holder from sync_lease');
    return result.rows[0]?.holder;
  } finally {
    await client.end();
  }
}

const calls = (api: string) =>
  replicaSet.simulator().stats().calls[`${replicaSet.keys.huawei.ak}:${api}`] ?? 0;

/** Each replica's registry sync status and the end of its log, for a failure's message. */
async function explainReplicas(
  replicas: Replica[],
  status: (replica: Replica) => Promise<unknown>,
): Promise<string> {
  const parts = await Promise.all(
    replicas.map(async (replica, n) => {
      const shown = await status(replica).catch((error: unknown) => String(error));
      const log = replica.output.join('').split('\n').slice(-40).join('\n');
      return `replica ${n}: ${JSON.stringify(shown)}\n${log}`;
    }),
  );
  return `${parts.join('\n\n')}\nsimulator: ${JSON.stringify(replicaSet.simulator().stats())}`;
}

describe('two replicas on one PostgreSQL', () => {
  it('make one first crawl, answer alike, share the budget, and take over a killed syncer', async () => {
    const [a, b] = await Promise.all([startReplica(), startReplica()]);
    if (!a || !b) throw new Error('replicas missing');

    // One first crawl between them: ceil(N/200) list calls per list, not twice that.
    await waitFor(
      'both replicas ready',
      async () =>
        (await get(a, '/readyz')).status === 200 && (await get(b, '/readyz')).status === 200,
      60_000,
      200,
    );
    expect(calls('hss.ListRegistryImages')).toBe(Math.ceil(REGISTRY_IMAGES / 200));
    expect(calls('hss.ListCicdImages')).toBe(Math.ceil(CICD_IMAGES / 200));

    // The same query answers identically on both.
    for (const route of [
      '/api/hss/registry-images?limit=50&offset=100&sort_key=latest_scan_time&sort_dir=desc',
      '/api/hss/registry-images?q=a&severity_level=High,unrated&limit=20',
      '/api/hss/cicd-images?limit=100&sort_key=image_size',
    ]) {
      const [fromA, fromB] = await Promise.all([get(a, route), get(b, route)]);
      expect(fromA.status).toBe(200);
      expect(fromB).toEqual(fromA);
    }

    // On-demand detail calls from both replicas at once draw from one shared budget: the
    // simulator (same limit) never has to refuse one.
    const page = (await get(a, '/api/hss/registry-images?limit=8&sort_key=image_name')).body as {
      data_list: Array<{
        image_id: string;
        image_type: string;
        namespace: string;
        image_name: string;
        image_version: string;
      }>;
    };
    const details = await Promise.all(
      page.data_list.map((image, n) =>
        get(
          n % 2 === 0 ? a : b,
          `/api/hss/images/${image.image_id}/basic-image?${new URLSearchParams({
            image_type: image.image_type,
            namespace: image.namespace,
            image_name: image.image_name,
            image_version: image.image_version,
          }).toString()}`,
        ),
      ),
    );
    for (const answer of details)
      expect([200, 202], JSON.stringify(answer.body)).toContain(answer.status);
    expect(calls('hss.ListImageBasicImage')).toBeGreaterThan(0);
    expect(replicaSet.simulator().stats().throttled).toBe(0);

    const holder = await leaseHolder();
    const syncer = [a, b].find((replica) =>
      replica.output.join('').includes(`"holder":"${holder}"`),
    );
    const survivor = syncer === a ? b : a;
    expect(syncer).toBeDefined();

    // A refresh asked of the replica that does not sync: recorded, shown by both replicas, and
    // run by the syncing one (the schedule is 10 minutes away: only the request can run it).
    const registryStatus = async (replica: Replica) => {
      const status = (await get(replica, '/api/sync')).body as SyncResponse;
      return status.accounts[0]?.lists.find((list) => list.list === 'registry');
    };
    const syncedBefore = (await registryStatus(survivor))?.last_incremental_sync ?? 0;
    const listCallsBefore = calls('hss.ListRegistryImages');
    const refresh = await post(survivor, '/api/sync/refresh?list=registry');
    expect(refresh.status).toBe(202);
    const receipt = SyncRefreshResponseSchema.parse(refresh.body);
    expect(receipt).toMatchObject({ accepted: true, lists: ['registry'], queued_on: 'leader' });
    for (const replica of [survivor, syncer ?? survivor]) {
      const shown = (await registryStatus(replica))?.refresh;
      // Queued, or already picked up; gone only once run (not within these few ms).
      expect(shown === null || shown?.requested_at === receipt.requested_at).toBe(true);
    }
    await waitFor(
      'the syncing replica to run the refresh',
      async () => {
        const list = await registryStatus(survivor);
        return list?.refresh === null && (list.last_incremental_sync ?? 0) > syncedBefore;
      },
      60_000,
      200,
      async () => explainReplicas([a, b], registryStatus),
    );
    const spent = calls('hss.ListRegistryImages') - listCallsBefore;
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(3); // an incremental cycle, not a crawl
    expect(syncer?.output.join('')).toContain('incremental sync complete');
    expect(survivor.output.join('')).not.toContain('incremental sync complete');

    // Kill the syncing replica (no clean shutdown, no lease release): the other takes over
    // once the lease expires, and syncs (a full crawl requested through it).
    syncer?.child.kill('SIGKILL');
    await syncer?.exited;
    // The lease row changes before the new holder has reloaded the sync state and said so in
    // its log: wait for both.
    await waitFor(
      'the survivor to take the sync lease and start syncing',
      async () => {
        const now = await leaseHolder();
        return (
          now !== undefined &&
          now !== holder &&
          survivor.output.join('').includes('this replica now runs the sync')
        );
      },
      60_000,
      200,
      async () => explainReplicas([survivor], registryStatus),
    );
    expect((await get(survivor, '/readyz')).status).toBe(200);
    expect(replicaSet.simulator().stats().throttled).toBe(0);
  }, 150_000);
});
