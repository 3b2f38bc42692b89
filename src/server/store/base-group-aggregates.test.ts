// The groups per base value (migrations 0064, 0067) are as many as the list's facets need: CI/CD
// images that differ only in their pipeline (`cicd_name`, whose top the CI/CD facets do not show)
// share their groups, and the facets under a pipeline-name filter and a base filter still equal
// the scan's (0069's groups with the pipeline name answer them), on SQLite and PostgreSQL. The
// groups per namespace (0066, rebuilt by 0069) read the digests' kept tuples.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { CicdImageSchema, RegistryImageSchema } from '../../shared/contracts';
import { generateEstate } from '../../simulator/estate';
import { writeBasicImageAnswer } from '../base-images/base-images-store';
import { CICD_LIST } from '../lists/cicd';
import { listFacets } from '../lists/facets';
import { REGISTRY_LIST } from '../lists/registry';
import type { ListQuery } from '../lists/spec';
import { upsertCicdImages, upsertRegistryImages } from '../test-support/per-list';
import { inventoryBackends } from '../test-support/test-backends';
import { BASE_TUPLES_TABLE, baseGroupTable } from './base-group-aggregates-schema';

const NOW = Date.UTC(2026, 5, 15, 13, 30);
const ACCOUNT = 'acc';
const PIPELINES = 20;
const IMAGES = 60;
const DIGEST = `sha256:${'d'.repeat(64)}`;
const BASES = [
  { os_name: 'Debian GNU/Linux', os_version: '12', layer_digest: 'sha256:l1' },
  { os_name: 'Alpine Linux', os_version: '3.19', layer_digest: 'sha256:l2' },
];

describe.each(inventoryBackends())('the groups per base value on $name', (backend) => {
  it('hold CI/CD images of many pipelines with the same dimensions in one group per value', async () => {
    const db = await backend.open();
    try {
      const estate = generateEstate({ seed: 7, registryImages: 1, cicdImages: 1, now: NOW });
      const [cicdTemplate] = estate.cicdImages.map((record) => CicdImageSchema.parse(record));
      const [registryTemplate] = estate.registryImages.map((r) => RegistryImageSchema.parse(r));
      if (cicdTemplate === undefined || registryTemplate === undefined) throw new Error('estate');
      // The same dimensions and digest; the pipeline name and the ids differ.
      const cicd = Array.from({ length: IMAGES }, (_, i) => ({
        ...cicdTemplate,
        image_id: `${i}`.padStart(64, 'a'),
        cicd_name: `pipeline-${i % PIPELINES}`,
        image_digest: DIGEST,
      }));
      const registry = Array.from({ length: IMAGES }, (_, i) => ({
        ...registryTemplate,
        id: `${1000 + i}`,
        image_id: `${i}`.padStart(64, 'b'),
        registry_name: `registry-${i % 2}`,
        image_digest: DIGEST,
      }));
      await upsertCicdImages(db, ACCOUNT, cicd, NOW);
      await upsertRegistryImages(db, ACCOUNT, registry, NOW);
      await writeBasicImageAnswer(
        db,
        ACCOUNT,
        DIGEST,
        { total_num: BASES.length, data_list: BASES },
        NOW,
      );

      const counted = async (table: string) => {
        const { rows } = await sql<{ groups: number | string; tuples: number | string }>`select
            count(*) as groups, count(distinct facet || '/' || value || '/' || cross_facet || '/'
              || cross_value) as tuples
          from ${sql.table(baseGroupTable(table))} where images <> 0`.execute(db);
        return { groups: Number(rows[0]?.groups), tuples: Number(rows[0]?.tuples) };
      };
      // One group per base value (and per value and OS / OS version) whatever the pipelines.
      const cicdGroups = await counted(CICD_LIST.table);
      expect(cicdGroups.tuples).toBeGreaterThan(5);
      expect(cicdGroups.groups).toBe(cicdGroups.tuples);
      // The registry names stay in the repository groups: their top is a facet under a base.
      const registryGroups = await counted(REGISTRY_LIST.table);
      expect(registryGroups.groups).toBe(2 * registryGroups.tuples);

      for (const query of [
        { basic_image_os: 'Debian GNU/Linux' },
        { basic_image_os: 'Debian GNU/Linux', cicd_name: 'pipeline-1' },
        { basic_image_eol: false, cicd_name: 'pipeline-1', severity_level: ['High', 'Low'] },
        { basic_image_digest: 'sha256:l2', cicd_name: 'pipeline' },
      ]) {
        const facets = (scan: boolean) =>
          listFacets(CICD_LIST, db, ACCOUNT, query as ListQuery, { now: NOW, scan });
        expect(await facets(false), JSON.stringify(query)).toEqual(await facets(true));
      }
      const filtered = await listFacets(CICD_LIST, db, ACCOUNT, {
        basic_image_os: 'Debian GNU/Linux',
        cicd_name: 'pipeline-1',
      });
      // pipeline-1, pipeline-10 .. pipeline-19: 11 of the 20 pipelines, 3 images each.
      expect(filtered.total_num).toBe(33);
    } finally {
      await db.destroy();
    }
  }, 60_000);

  // 0069: 0066's groups per namespace as 0067 made 0064's: an image row's triggers read its
  // digest's kept tuples instead of computing them from the bases, and no covering index with
  // `images` in it is rewritten by every moved count (the table is keyed in the read order).
  it("per namespace are kept from the digests' kept tuples, with no index beside the key", async () => {
    const db = await backend.open();
    try {
      for (const list of [REGISTRY_LIST, CICD_LIST]) {
        const aggregate = `${list.table}_risk_namespace_base_groups`;
        const postgres = backend.name === 'postgres';
        const { rows: triggers } = postgres
          ? await sql<{ name: string; text: string }>`select proname as name, prosrc as text
              from pg_proc where proname like ${`${aggregate}_image_%`}`.execute(db)
          : await sql<{ name: string; text: string }>`select name, sql as text from sqlite_master
              where type = 'trigger' and name like ${`${aggregate}_image_%`}`.execute(db);
        expect(triggers.map((trigger) => trigger.name).sort()).toEqual(
          ['image_delete', 'image_insert', 'image_regroup', 'image_update'].map(
            (event) => `${aggregate}_${event}`,
          ),
        );
        for (const trigger of triggers) {
          expect(trigger.text, trigger.name).toContain(BASE_TUPLES_TABLE);
          expect(trigger.text, trigger.name).not.toContain('basic_image_bases');
        }
        const { rows: indexes } = postgres
          ? await sql<{ name: string }>`select indexname as name from pg_indexes
              where tablename = ${aggregate}`.execute(db)
          : await sql<{ name: string }>`select name from sqlite_master
              where type = 'index' and tbl_name = ${aggregate}`.execute(db);
        expect(indexes.map((index) => index.name)).toEqual(postgres ? [`${aggregate}_pk`] : []);
      }
    } finally {
      await db.destroy();
    }
  }, 60_000);
});
