// CI/CD records that share an image_id (seed 003 allows an empty one, and nothing makes a
// non-empty one unique) are distinct records: against the simulator over signed HTTP, each stays
// its own row through the crawl, the inventory (SQLite and PostgreSQL), the list API, the CSV
// export and the by-key route, and no sweep removes one while the upstream still lists it.
import { describe, expect, it } from 'vitest';
import type { CicdImageRecord } from '../simulator/estate';
import { API_ROUTES, CicdImagesPageSchema, fillPath } from '../shared/contracts';
import { useSyncHarness, useTestBff } from './test-support/hooks';
import { inventoryBackends } from './test-support/test-backends';
import { engineFor, mirroredCicdImages, type Harness } from './test-support/sync-harness';

/** What tells the four records apart (their image_id alone does not). */
function identity(image: Pick<CicdImageRecord, 'image_id' | 'cicd_name' | 'image_digest'>) {
  return `${image.image_id}|${image.cicd_name}|${image.image_digest}`;
}

describe.each(inventoryBackends())('CI/CD records sharing an image_id on $name', (backend) => {
  let harness: Harness;
  useSyncHarness(
    { seed: 22, registryImages: 10, cicdImages: 30 },
    (started) => (harness = started),
  );

  it('stay four rows through crawls, and the sweeps of complete crawls keep them', async () => {
    const added = harness.sim.control.addCicdSharedIdImages();
    expect(added.map((row) => row.image_id === '')).toEqual([true, true, false, false]);
    expect(added[2]?.image_id).toBe(added[3]?.image_id);
    const db = await backend.open();
    const { engine, account } = await engineFor(harness, db);
    try {
      // Three complete crawls: the second and third sweep (two complete crawls in a row).
      for (let crawl = 0; crawl < 3; crawl += 1) {
        await engine.runNow(account.id, 'cicd', 'crawl');
        expect(engine.record(account.id, 'cicd')?.lastError ?? null).toBeNull();
        const mirrored = await mirroredCicdImages(db, account.id);
        expect(mirrored).toHaveLength(34);
        const identities = new Set(mirrored.map(identity));
        for (const record of added) expect(identities.has(identity(record))).toBe(true);
        expect(new Set(mirrored.map((row) => row.record_key)).size).toBe(34);
      }
    } finally {
      await engine.stop();
      await db.destroy();
    }
  });
});

describe('CI/CD records sharing an image_id through the BFF', () => {
  const TOKEN = 'cicd-record-key-test-dashboard-token-0123456789';
  let added: CicdImageRecord[] = [];

  async function call(path: string) {
    const response = await fetch(`${bff.url}${path}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    return { status: response.status, text: await response.text() };
  }

  const bff = useTestBff(
    { seed: 23, registryImages: 10, cicdImages: 30 },
    { DASHBOARD_TOKEN: TOKEN, LOG_LEVEL: 'warn' },
    {
      prepare: async () => {
        added = bff.harness.sim.control.addCicdSharedIdImages();
        bff.server.sync.start();
        // Ready once both lists are crawled and the CI/CD list holds every record.
        for (;;) {
          const page = await call(`${API_ROUTES.cicdImages}?limit=200`);
          if (
            page.status === 200 &&
            CicdImagesPageSchema.parse(JSON.parse(page.text)).total_num === 34
          )
            break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      },
    },
  );

  it('lists, exports and answers by key each of the four records', async () => {
    const list = CicdImagesPageSchema.parse(
      JSON.parse((await call(`${API_ROUTES.cicdImages}?limit=200`)).text),
    ).data_list;
    expect(list).toHaveLength(34);
    const listed = new Map(list.map((row) => [identity(row), row]));
    for (const record of added) expect(listed.has(identity(record))).toBe(true);

    // The exact image_id filter gives both records of a shared id.
    const shared = CicdImagesPageSchema.parse(
      JSON.parse(
        (await call(`${API_ROUTES.cicdImages}?image_id=${added[2]?.image_id ?? ''}`)).text,
      ),
    ).data_list;
    expect(shared.map(identity).sort()).toEqual([identity(added[2]!), identity(added[3]!)].sort());

    const csv = (
      await call(`${API_ROUTES.cicdImagesExport}?columns=image_id,cicd_name,image_digest`)
    ).text;
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
      .slice(1);
    expect(lines).toHaveLength(34);
    for (const record of added)
      expect(lines).toContain(`${record.image_id},${record.cicd_name},${record.image_digest}`);

    for (const record of added) {
      const row = listed.get(identity(record))!;
      const byKey = await call(fillPath(API_ROUTES.cicdImage, { record_key: row.record_key }));
      expect(byKey.status).toBe(200);
      expect(JSON.parse(byKey.text)).toEqual(row);
    }
  });
});
