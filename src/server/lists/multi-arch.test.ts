// The multi-arch decoration of a page (issue 25): its family lookups read only the page's
// families through indexes, on SQLite and PostgreSQL. At 1,000,000 images an image name is
// shared by thousands of rows (every tag, every namespace): a lookup by name alone read them all
// (6.2 s for a page of 200), one by namespace, name and tag reads a handful.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { RegistryImageSchema } from '../../shared/contracts';
import { inventoryBackends, withInventory } from '../test-support/test-backends';
import { explainPlan, recordingQueries } from '../test-support/query-plans';
import { imageByKey, queryList, upsertImages } from './list-store';
import { multiArchExportColumns, withMultiArch } from './multi-arch';
import { REGISTRY_LIST } from './registry';

const ACCOUNT = 'a';
const NOW = Date.UTC(2025, 0, 15);

/** A family (parent `<n>00`, members `<n>01`, `<n>02`) per tag of `app` in namespaces ns0..ns2. */
function families() {
  const records: Array<Record<string, unknown>> = [];
  for (let family = 1; family <= 12; family += 1) {
    const common = {
      namespace: `ns${family % 3}`,
      image_name: 'app',
      image_version: `v${family}`,
      latest_scan_time: String(NOW),
    };
    const memberIds = [`${family}01`, `${family}02`];
    records.push({
      ...common,
      id: `${family}00`,
      is_multiple_arch: true,
      association_images: memberIds.map((id) => ({ ...common, id })),
    });
    for (const id of memberIds)
      records.push({
        ...common,
        id,
        vul_num: family,
        severity_level: 'High',
        scan_status: 'success',
      });
  }
  return records.map((raw) => RegistryImageSchema.parse(raw));
}

describe.each(inventoryBackends())('the multi-arch decoration on $name', (backend) => {
  it('rolls up and names parents as before', () =>
    withInventory(backend, async (db) => {
      const images = families();
      await upsertImages(REGISTRY_LIST, db, ACCOUNT, images, NOW);
      const page = images.filter((image) => image.image_version === 'v4');
      const decorated = await withMultiArch(db, ACCOUNT, page);
      expect(decorated.map((row) => row.multi_arch)).toEqual([
        {
          role: 'parent',
          rollup: {
            severity_level: 'High',
            vul_num: 8,
            unsafe_setting_num: 0,
            malicious_file_num: 0,
            members: 2,
            members_scanned: 2,
          },
        },
        { role: 'member', parent_id: '400', parent_digest: '' },
        { role: 'member', parent_id: '400', parent_digest: '' },
      ]);
    }));

  it("looks families up by the page's namespace, name and tag, through indexes", () =>
    withInventory(backend, async (db) => {
      const images = families();
      await upsertImages(REGISTRY_LIST, db, ACCOUNT, images, NOW);
      const { db: recording, queries } = recordingQueries(db);
      await withMultiArch(recording, ACCOUNT, images.slice(0, 6));
      // The reads (dialectOf compiles a `select ?` of its own, never run).
      const reads = queries.filter((query) => query.sql.includes('registry_images'));
      expect(reads.length).toBe(2);
      for (const query of reads) {
        const plan = await explainPlan(db, query);
        // Every step reads an index by its leading columns (no walk of a whole table or index).
        expect(plan.fullScans, plan.text).toEqual([]);
        // The parents: by namespace, name and tag, not by the name every family shares.
        if (query.sql.includes('p.image_version = r.image_version'))
          expect(plan.text).toMatch(/registry_images_family[\s\S]*namespace/);
      }
    }));
});

/**
 * `families()` with digests, and a family in ns0-copy whose parent names the members of `app:v1`
 * in ns1 (ids repeated across namespaces, as the 1M bench inventory has them): which parent then
 * names a member depends on the order the parents were read in.
 */
function familiesWithDigests() {
  const images = families().map((image, index) => ({ ...image, image_digest: `sha256:d${index}` }));
  const v1 = images.filter((image) => image.image_version === 'v1');
  const copy = v1.map((image) => ({
    ...image,
    namespace: 'ns0-copy',
    id: image.is_multiple_arch ? 'copy-parent' : `copy-${image.id}`,
    association_images: image.association_images,
  }));
  return [...images, ...copy];
}

describe.each(inventoryBackends())('a page of the registry list on $name', (backend) => {
  it('has the families withMultiArch gives and the basic images imageByKey gives', () =>
    withInventory(backend, async (db) => {
      const images = familiesWithDigests();
      await upsertImages(REGISTRY_LIST, db, ACCOUNT, images, NOW);
      // A base with an OS version that is only spaces and tabs (trimmed as JavaScript trims), a
      // digest HSS found no base for, a digest whose first base is not position 0's kind.
      const base = (digest: string, position: number, kind: string, os: string, version: string) =>
        sql`insert into basic_images (account, image_digest, position, kind, os_name, os_version,
        layer_digest, eol_date, answered_at)
        values (${ACCOUNT}, ${digest}, ${position}, ${kind}, ${os}, ${version}, ${`layer-${digest}`}, '', ${NOW})`.execute(
          db,
        );
      await base('sha256:d1', 0, 'base', 'Alpine Linux', '3.19');
      await base('sha256:d2', 0, 'base', 'Debian', ' \t\u00a0');
      await base('sha256:d2', 1, 'base', 'Other', '1');
      await base('sha256:d3', 0, 'none', '', '');
      const page = await queryList(
        REGISTRY_LIST,
        db,
        ACCOUNT,
        { limit: 200, sort_key: 'image_version', sort_dir: 'desc' },
        { families: true },
      );
      // The list route's rows: each with its basic image and family.
      const rows = page.data_list as Array<
        (typeof page.data_list)[number] & {
          basic_image: string | null;
          basic_image_digest: string | null;
          multi_arch: unknown;
        }
      >;
      expect(rows).toHaveLength(images.length);
      const decorated = await withMultiArch(db, ACCOUNT, images);
      const familyById = new Map(decorated.map((row) => [row.id, row.multi_arch]));
      for (const row of rows) {
        expect(row.multi_arch, row.id).toEqual(familyById.get(row.id));
        const alone = (await imageByKey(REGISTRY_LIST, db, ACCOUNT, row.id)) as
          (typeof rows)[number] | undefined;
        expect([row.basic_image, row.basic_image_digest], row.id).toEqual([
          alone?.basic_image,
          alone?.basic_image_digest,
        ]);
      }
      const byId = new Map(rows.map((row) => [row.id, row]));
      expect(byId.get('101')?.basic_image).toBe('Alpine Linux 3.19');
      expect(byId.get('102')?.basic_image).toBe('Debian');
      expect(byId.get('100')?.multi_arch).toMatchObject({ role: 'parent' });
    }));
});

it("reads a SQLite page's basic images and families with its rows, through indexes", async () => {
  const db = await inventoryBackends()[0]!.open();
  try {
    await upsertImages(REGISTRY_LIST, db, ACCOUNT, familiesWithDigests(), NOW);
    const { db: recording, queries } = recordingQueries(db);
    await queryList(REGISTRY_LIST, recording, ACCOUNT, { limit: 10 }, { families: true });
    // The count, the walk, then the rows with their basic images and families: no reads of
    // their own (before: one for the basic images, two for the families).
    const reads = queries.filter((query) => query.sql.includes('registry_images'));
    expect(reads).toHaveLength(3);
    const rows = reads[2]!;
    for (const part of ['answer_json', 'basic_images', 'family_members', 'family_parents'])
      expect(rows.sql).toContain(part);
    // The page's keys are an earlier statement's column (read-pool.ts): any JSON array will do.
    const plan = await explainPlan(db, {
      ...rows,
      parameters: rows.parameters.map((value) =>
        value !== null && typeof value === 'object' ? '[1]' : value,
      ),
    });
    expect(plan.fullScans, plan.text).toEqual([]);
    expect(plan.text).toMatch(/basic_images USING INDEX sqlite_autoindex_basic_images_1/);
    expect(plan.text).toMatch(/USING INDEX registry_images_family/);
  } finally {
    await db.destroy();
  }
});

it("reads the export's multi-arch columns through the family indexes, without statistics", async () => {
  // The bench's export (200,000 images, 8,474 parents, no statistics yet): each parent's members
  // were looked up through an index on the account or the namespace alone, minutes of CPU.
  const db = await inventoryBackends()[0]!.open();
  try {
    await upsertImages(REGISTRY_LIST, db, ACCOUNT, familiesWithDigests(), NOW);
    const columns = Object.entries(multiArchExportColumns('sqlite')).map(
      ([key, value]) => sql`${value} as ${sql.ref(key)}`,
    );
    const select = sql`select id, ${sql.join(columns)} from registry_images
      where account = ${ACCOUNT} order by length(id), id`.compile(db);
    const plan = await explainPlan(db, select);
    expect(plan.fullScans, plan.text).toEqual([]);
    const lookups = plan.text.split('\n').filter((step) => /^SEARCH [mp] /.test(step));
    expect(lookups, plan.text).toHaveLength(6);
    for (const step of lookups)
      expect(step, plan.text).toMatch(
        /USING INDEX registry_images_family(_members)? \(account=\? AND namespace=\? AND image_name=\? AND image_version=\?\)/,
      );
  } finally {
    await db.destroy();
  }
});
