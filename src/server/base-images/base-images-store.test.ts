// The base-images answer against the explorer, on SQLite and PostgreSQL: each basic image's image
// counts equal the lists' total_num under the matching basic_image_* filters, and the count of
// images on end-of-life bases equals the lists' totals under basic_image_eol=true.
import { describe, expect, it } from 'vitest';
import { generateEstate } from '../../simulator';
import { inventoryBackends, withInventory } from '../test-support/test-backends';
import {
  queryCicdImages,
  queryRegistryImages,
  sweepRegistryImages,
  upsertRegistryImages,
} from '../test-support/per-list';
import { RegistryImageSchema } from '../../shared/contracts';
import type { InventoryDb } from '../store/db';
import { mirrorEstate } from '../test-support/sync-harness';
import { allBaseImages, ENRICHMENT_OFF } from './base-images-answer';
import {
  enrichmentCounts,
  refreshEndOfLifeDates,
  writeBasicImageAnswer,
} from './base-images-store';
import { answerDigests } from '../test-support/basic-image-answers';
import { classifyEndOfLife } from './end-of-life';

const ACCOUNT = 'a';
const NOW = Date.UTC(2026, 11, 6);

describe.each(inventoryBackends())('base images on $name', (backend) => {
  it(
    'counts what the explorer counts under the matching filters',
    () =>
      withInventory(backend, async (db) => {
        const estate = generateEstate({ seed: 4, registryImages: 400, cicdImages: 120, now: NOW });
        await mirrorEstate(db, ACCOUNT, estate, NOW);
        const registry = estate.registryImages.map((record) => RegistryImageSchema.parse(record));
        const digests = new Set(
          [...estate.registryImages, ...estate.cicdImages].map((image) => image.image_digest),
        );
        // Two thirds answered, as a running enrichment leaves it.
        const answered = [...digests].filter((_, index) => index % 3 !== 0);
        await answerDigests(db, ACCOUNT, answered, NOW);
        const request = {
          account: ACCOUNT,
          query: {},
          now: NOW,
          classify: classifyEndOfLife,
          progress: ENRICHMENT_OFF,
        };
        const all = await allBaseImages(db, request);
        expect(all.rows.length).toBeGreaterThan(3);
        expect(all.rows.some((row) => row.eol === 'eol')).toBe(true);
        const counts = await enrichmentCounts(db, ACCOUNT);
        expect(counts.known).toBeGreaterThan(0);
        expect(counts.known).toBeLessThan(counts.total);

        await expectExplorerTotals(db, all);
        // After every change to what the answer sums (kept on write, migration 0042): new
        // enrichment answers, a rescan, images removed by a sweep, new images.
        const mutations: Array<[string, () => Promise<unknown>]> = [
          [
            'new enrichment answers',
            () =>
              answerDigests(
                db,
                ACCOUNT,
                [...digests].filter((_, index) => index % 3 === 0),
                NOW,
              ),
          ],
          [
            'a rescan',
            () =>
              upsertRegistryImages(
                db,
                ACCOUNT,
                registry
                  .slice(0, 150)
                  .map((image) => ({ ...image, severity_level: 'High', vul_num: 1000 })),
                NOW + 1,
              ),
          ],
          [
            'images removed',
            async () => {
              await upsertRegistryImages(db, ACCOUNT, registry.slice(0, 250), NOW + 2);
              await sweepRegistryImages(db, ACCOUNT, NOW + 2);
            },
          ],
          [
            'new images',
            () =>
              upsertRegistryImages(
                db,
                ACCOUNT,
                registry.slice(300, 360).map((image, index) => ({
                  ...image,
                  id: `added-${index}`,
                  namespace: `added-${index % 4}`,
                })),
                NOW + 3,
              ),
          ],
        ];
        for (const [change, mutate] of mutations) {
          await mutate();
          const after = await allBaseImages(db, request);
          // Equal to the explorer's totals (base-image-aggregates.test.ts: to the sums from scratch).
          expect(after.rows.length, change).toBeGreaterThan(3);
          await expectExplorerTotals(db, after);
        }

        // The filters and sort of the answer.
        const latest = await allBaseImages(db, request);
        const [top] = latest.rows;
        if (!top) throw new Error('no row');
        const byOs = await allBaseImages(db, { ...request, query: { os_name: top.os_name } });
        expect(byOs.rows.every((row) => row.os_name === top.os_name)).toBe(true);
        const eolOnly = await allBaseImages(db, { ...request, query: { eol: ['eol'] } });
        expect(eolOnly.rows.every((row) => row.eol === 'eol')).toBe(true);
        const fixFirst = latest.rows.map((row) => row.high_risk_images);
        expect(fixFirst).toEqual([...fixFirst].sort((a, b) => b - a));
      }),
    120_000,
  );

  it('refreshes the stored end-of-life dates from the shipped table', () =>
    withInventory(backend, async (db) => {
      const base = { os_name: 'Debian GNU/Linux', os_version: '10', layer_digest: 'sha256:d10' };
      await writeBasicImageAnswer(
        db,
        ACCOUNT,
        'sha256:img',
        { total_num: 1, data_list: [base] },
        NOW,
      );
      // As an earlier release's table left it.
      await db.updateTable('basic_images').set({ eol_date: '2000-01-01' }).execute();
      await refreshEndOfLifeDates(db, NOW);
      const stored = await db.selectFrom('basic_images').select('eol_date').execute();
      const shipped = classifyEndOfLife(base.os_name, base.os_version, NOW).eolDate;
      expect(shipped).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(stored).toEqual([{ eol_date: shipped }]);
    }));
});

/** Each basic image's counts and the end-of-life count equal the lists' totals under the filters. */
async function expectExplorerTotals(
  db: InventoryDb,
  all: Awaited<ReturnType<typeof allBaseImages>>,
): Promise<void> {
  for (const row of all.rows) {
    const filters = {
      basic_image_os: row.os_name,
      basic_image_os_version: row.os_version,
      basic_image_digest: row.layer_digest,
      limit: 1,
    };
    const registry = await queryRegistryImages(db, ACCOUNT, filters, NOW);
    const cicd = await queryCicdImages(db, ACCOUNT, filters, NOW);
    expect(registry.total_num, row.layer_digest).toBe(row.registry_images);
    expect(cicd.total_num, row.layer_digest).toBe(row.cicd_images);
    // The rows name their (first) basic image: this one, or the first of an image on several.
    const first = registry.data_list[0] as { basic_image_digest?: string | null } | undefined;
    if (first) expect(first.basic_image_digest).toMatch(/^sha256:/);
  }
  const eolRegistry = await queryRegistryImages(
    db,
    ACCOUNT,
    { basic_image_eol: true, limit: 1 },
    NOW,
  );
  const eolCicd = await queryCicdImages(db, ACCOUNT, { basic_image_eol: true, limit: 1 }, NOW);
  expect(eolRegistry.total_num + eolCicd.total_num).toBe(all.eolImages);
}
