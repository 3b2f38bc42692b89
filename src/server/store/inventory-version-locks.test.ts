// Two PostgreSQL writers of one list: a crawl page of several statements (upsertImages' chunks)
// and a basic-image answer (which moves both lists' versions). Each statement's trigger locks the
// list's `inventory_version` row at the statement's end, after its row triggers have locked kept
// rows; without one lock order the two deadlocked (scale-out.integration under load, 40P01 in
// bump_registry_version). Here the crawl is held between its chunks by a third connection; then
// the other way round, an answer in progress and the crawl's write of the answer's image.
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryImageSchema } from '../../shared/contracts';
import { basicImagesOf, generateEstate } from '../../simulator/estate';
import { writeBasicImageAnswer } from '../base-images/base-images-store';
import { answerDigests } from '../test-support/basic-image-answers';
import { upsertRegistryImages } from '../test-support/per-list';
import { testPostgres } from '../test-support/test-backends';
import { waitFor } from '../test-support/wait-for';
import { openInventory, type InventoryDb } from './db';

const ACCOUNT = 'a';
const NOW = Date.UTC(2026, 11, 7);

describe('a crawl page and a basic-image answer written at once on PostgreSQL', () => {
  let crawler: InventoryDb;
  let enricher: InventoryDb;
  let holder: InventoryDb;
  beforeAll(async () => {
    const url = await (await testPostgres()).createMigratedDatabase();
    crawler = await openInventory({ databaseUrl: url });
    enricher = await openInventory({ databaseUrl: url });
    holder = await openInventory({ databaseUrl: url });
  }, 60_000);
  afterAll(async () => {
    await Promise.all([crawler, enricher, holder].map((db) => db?.destroy()));
  });

  it('both commit: no deadlock', async () => {
    const estate = generateEstate({ seed: 7, registryImages: 400, cicdImages: 0, now: NOW });
    const registry = estate.registryImages.map((record) => RegistryImageSchema.parse(record));
    const digests = [...new Set(registry.map((image) => image.image_digest))];
    await upsertRegistryImages(crawler, ACCOUNT, registry, NOW);
    await answerDigests(crawler, ACCOUNT, digests, NOW);
    // An image of the crawl's second chunk (rows 200-399) whose digest no first-chunk image has.
    const firstChunkDigests = new Set(registry.slice(0, 200).map((image) => image.image_digest));
    const held = registry.slice(200).find((image) => !firstChunkDigests.has(image.image_digest));
    if (!held) throw new Error('no second-chunk image with a digest of its own');

    // The third connection holds that image's row: the crawl writes its first chunk (and the
    // version), then waits in the second. Released when the callback returns (commit).
    let crawl: Promise<void> = Promise.resolve();
    let answer: Promise<void> = Promise.resolve();
    await holder.transaction().execute(async (trx) => {
      await sql`select id from registry_images where account = ${ACCOUNT} and id = ${held.id}
        for update`.execute(trx);
      const rescanned = registry.map((image) => ({
        ...image,
        latest_scan_time: String(NOW + 60_000),
      }));
      crawl = upsertRegistryImages(crawler, ACCOUNT, rescanned, NOW + 1);
      crawl.catch(() => undefined);
      /** Whether `count` connections wait for a lock (the crawl; then the answer too). */
      const waiting = (count: number) => async () => {
        const { rows } = await sql<{ waiting: number }>`select count(*)::int as waiting
          from pg_stat_activity
          where wait_event_type = 'Lock' and datname = current_database()`.execute(holder);
        return (rows[0]?.waiting ?? 0) >= count;
      };
      await waitFor('the crawl waiting in its second chunk', waiting(1), 20_000);
      // The answer for that image's digest: it locks the image's kept rows, then the versions.
      const bases = basicImagesOf({ image_digest: `${held.image_digest}x` });
      answer = writeBasicImageAnswer(
        enricher,
        ACCOUNT,
        held.image_digest,
        { total_num: bases.length, data_list: bases },
        NOW + 2,
      );
      answer.catch(() => undefined);
      // Without one lock order it waits for the version after its row triggers' locks; with it,
      // for the version first.
      await waitFor('the answer waiting too', waiting(2), 20_000);
    });
    const settled = await Promise.allSettled([crawl, answer]);
    expect(
      settled.map((result) => (result.status === 'rejected' ? String(result.reason) : 'ok')),
    ).toEqual(['ok', 'ok']);
  }, 60_000);
});

describe('a crawl page written while a basic-image answer is in progress on PostgreSQL', () => {
  it('waits for the answer before locking any kept row (else: 40P01)', async () => {
    const url = await (await testPostgres()).createMigratedDatabase();
    const db = await openInventory({ databaseUrl: url });
    const answering = new pg.Client({ connectionString: url });
    await answering.connect();
    try {
      const image = generateEstate({ seed: 7, registryImages: 40, cicdImages: 0, now: NOW })
        .registryImages.map((record) => RegistryImageSchema.parse(record))
        .find((candidate) => basicImagesOf(candidate).length > 0);
      if (!image) throw new Error('the estate has no image with a basic image');
      await upsertRegistryImages(db, ACCOUNT, [image], NOW);
      const bases = basicImagesOf(image);
      const answer = { total_num: bases.length, data_list: bases };
      await writeBasicImageAnswer(db, ACCOUNT, image.image_digest, answer, NOW);

      // An answer in progress has taken both versions first, as writeBasicImageAnswer does.
      await answering.query('begin');
      await answering.query(`select list from inventory_version
        where list in ('cicd', 'registry') order by list for update`);
      // The crawl writes the image rescanned meanwhile.
      const rescanned = { ...image, severity_level: 'Low', vul_num: image.vul_num + 1 };
      const crawl = upsertRegistryImages(db, ACCOUNT, [rescanned], NOW + 1).then(
        () => 'ok',
        (error: unknown) => String(error),
      );
      await waitFor(
        'the crawl waiting for the answer',
        async () => {
          const { rows } = await answering.query<{ waiting: number }>(
            `select count(*)::int as waiting from pg_locks where not granted`,
          );
          return (rows[0]?.waiting ?? 0) > 0;
        },
        20_000,
        20,
      );
      // The answer replaces the image's basic images: it must not wait for the crawl, which
      // would hold the image's kept rows had it not waited for the version first.
      const replaced = await answering
        .query(`delete from basic_images where account = $1 and image_digest = $2`, [
          ACCOUNT,
          image.image_digest,
        ])
        .then(
          () => 'ok',
          (error: unknown) => String(error),
        );
      await answering.query(replaced === 'ok' ? 'commit' : 'rollback');
      expect([replaced, await crawl]).toEqual(['ok', 'ok']);
      const stored = await db
        .selectFrom('registry_images')
        .select('severity_level')
        .where('image_digest', '=', image.image_digest)
        .execute();
      expect(stored).toEqual([{ severity_level: 'Low' }]);
    } finally {
      await answering.end();
      await db.destroy();
    }
  }, 60_000);
});
