// The change feed against the simulator over signed HTTP, on SQLite and PostgreSQL: the first
// crawl leaves a baseline and no event; a crawl that finds nothing new records nothing; after
// rescans, new images, drift and removals, the events are exactly the changes the mirror went
// through (computed here by comparing the mirror before and after, field by field).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANGE_EVENT_TYPES, type ChangeEventType, type ImageList } from '../../shared/contracts';
import { listSpec } from '../lists';
import type { InventoryDb } from '../store/db';
import { inventoryBackends } from '../test-support/test-backends';
import {
  createEngine,
  engineClients,
  mirroredCicdImages,
  mirroredRegistryImages,
  startHarness,
  type Harness,
} from '../test-support/sync-harness';
import { queryChanges } from './change-feed';

type Snapshot = Map<string, Record<string, unknown>>;

async function snapshot(db: InventoryDb, account: string, list: ImageList): Promise<Snapshot> {
  const rows =
    list === 'registry'
      ? await mirroredRegistryImages(db, account)
      : await mirroredCicdImages(db, account);
  const key = list === 'registry' ? 'id' : 'record_key';
  return new Map(
    rows.map((row) => [
      String((row as Record<string, unknown>)[key]),
      row as Record<string, unknown>,
    ]),
  );
}

const FAILED = new Set(['failed', 'download_failed', 'image_oversized']);

/** The events the mirror's change from `before` to `after` should have left: "type key" each. */
function expectedEvents(before: Snapshot, after: Snapshot): string[] {
  const events: string[] = [];
  const add = (type: ChangeEventType, key: string) => events.push(`${type} ${key}`);
  for (const key of before.keys()) if (!after.has(key)) add('removed', key);
  for (const [key, now] of after) {
    const old = before.get(key);
    if (old === undefined) {
      add('appeared', key);
      continue;
    }
    const scanBefore = old.latest_scan_time as string | null;
    const scanAfter = now.latest_scan_time as string | null;
    if (scanAfter !== null && (scanBefore === null || BigInt(scanAfter) > BigInt(scanBefore)))
      add('rescanned', key);
    const failedBefore = FAILED.has(String(old.scan_status));
    const failedAfter = FAILED.has(String(now.scan_status));
    if (failedAfter && !failedBefore) add('scan_failed', key);
    if (failedBefore && now.scan_status === 'success') add('scan_recovered', key);
    if (old.severity_level !== now.severity_level) add('severity_changed', key);
    if (
      old.vul_num !== now.vul_num ||
      old.malicious_file_num !== now.malicious_file_num ||
      old.unsafe_setting_num !== now.unsafe_setting_num
    )
      add('risk_changed', key);
    if (Boolean(old.latest_version) !== Boolean(now.latest_version))
      add('latest_version_changed', key);
  }
  return events.sort();
}

async function recordedEvents(
  db: InventoryDb,
  account: string,
  list: ImageList,
  since: number,
): Promise<string[]> {
  const page = await queryChanges(listSpec(list), db, account, { since, limit: 500 });
  expect(page.total_num).toBeLessThanOrEqual(500);
  return page.data_list.map((event) => `${event.event_type} ${event.image.id}`).sort();
}

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ seed: 23, registryImages: 400, cicdImages: 120 });
});

afterAll(async () => {
  await harness.sim.close();
});

describe.each(inventoryBackends())('change feed on $name', (backend) => {
  it('records exactly the changes the sync applies, after a baseline', async () => {
    const db = await backend.open();
    const { clients, account } = engineClients(harness);
    const engine = await createEngine(db, account, clients);
    const lists: ImageList[] = ['registry', 'cicd'];

    // The first complete crawl: a baseline, no event per image.
    for (const list of lists) await engine.runNow(account.id, list, 'crawl');
    for (const list of lists) {
      const first = await queryChanges(listSpec(list), db, account.id, {});
      expect(first.total_num).toBe(0);
      expect(first.baseline_at).toEqual(expect.any(Number));
    }

    // A crawl that finds the estate as it was records nothing.
    let mark = Date.now();
    for (const list of lists) await engine.runNow(account.id, list, 'crawl');
    for (const list of lists) expect(await recordedEvents(db, account.id, list, mark)).toEqual([]);

    // Rescans, new images, drift: an incremental cycle records each change it applies.
    let before = {
      registry: await snapshot(db, account.id, 'registry'),
      cicd: await snapshot(db, account.id, 'cicd'),
    };
    harness.sim.control.rescanImages(8);
    harness.sim.control.addImages(4);
    harness.sim.control.drift(3);
    mark = Date.now();
    for (const list of lists) await engine.runNow(account.id, list, 'incremental');
    for (const list of lists) {
      const after = await snapshot(db, account.id, list);
      const expected = expectedEvents(before[list], after);
      expect(await recordedEvents(db, account.id, list, mark)).toEqual(expected);
      // Each event carries its image as the change left it: the list filters select on it.
      const high = await queryChanges(listSpec(list), db, account.id, {
        since: mark,
        severity_level: ['High'],
        limit: 500,
      });
      expect(high.data_list.map((event) => `${event.event_type} ${event.image.id}`).sort()).toEqual(
        expected.filter((event) => after.get(event.split(' ')[1] ?? '')?.severity_level === 'High'),
      );
      if (list === 'registry') {
        expect(expected.some((event) => event.startsWith('appeared '))).toBe(true);
        expect(expected.some((event) => event.startsWith('rescanned '))).toBe(true);
      }
    }

    // Removals show after two complete crawls missed the images: one `removed` each.
    before = {
      registry: await snapshot(db, account.id, 'registry'),
      cicd: await snapshot(db, account.id, 'cicd'),
    };
    harness.sim.control.removeImages(5);
    mark = Date.now();
    await engine.runNow(account.id, 'registry', 'crawl');
    await engine.runNow(account.id, 'registry', 'crawl');
    const after = await snapshot(db, account.id, 'registry');
    const expected = expectedEvents(before.registry, after);
    expect(expected.filter((event) => event.startsWith('removed ')).length).toBeGreaterThanOrEqual(
      5,
    );
    expect(await recordedEvents(db, account.id, 'registry', mark)).toEqual(expected);
    await db.destroy();
  });
});

describe('change feed queries', () => {
  it('filters by event type and by the list filters, counts each type, pages newest first', async () => {
    const [sqlite] = inventoryBackends();
    if (sqlite === undefined) throw new Error('no SQLite backend');
    const db = await sqlite.open();
    const { clients, account } = engineClients(harness);
    const engine = await createEngine(db, account, clients);
    await engine.runNow(account.id, 'registry', 'crawl');
    harness.sim.control.rescanImages(10);
    harness.sim.control.addImages(6);
    await engine.runNow(account.id, 'registry', 'incremental');
    const spec = listSpec('registry');

    const all = await queryChanges(spec, db, account.id, {});
    expect(all.total_num).toBeGreaterThan(0);
    const countSum = CHANGE_EVENT_TYPES.reduce((sum, type) => sum + all.counts[type], 0);
    expect(countSum).toBe(all.total_num);
    const ids = all.data_list.map((event) => event.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const appeared = await queryChanges(spec, db, account.id, { event_type: ['appeared'] });
    expect(appeared.total_num).toBe(all.counts.appeared);
    expect(appeared.data_list.every((event) => event.event_type === 'appeared')).toBe(true);
    // The counts ignore the type filter: the page can show every type's count at once.
    expect(appeared.counts).toEqual(all.counts);

    const some = all.data_list[0];
    if (some === undefined) throw new Error('no event');
    const byName = await queryChanges(spec, db, account.id, {
      image_name: some.image.image_name,
    });
    expect(byName.data_list.length).toBeGreaterThan(0);
    expect(
      byName.data_list.every((event) =>
        event.image.image_name.toLowerCase().includes(some.image.image_name.toLowerCase()),
      ),
    ).toBe(true);

    const secondPage = await queryChanges(spec, db, account.id, { offset: 1, limit: 1 });
    expect(secondPage.data_list.map((event) => event.id)).toEqual(ids.slice(1, 2));

    const future = await queryChanges(spec, db, account.id, { since: Date.now() + 60_000 });
    expect(future.total_num).toBe(0);
    await db.destroy();
  });
});
