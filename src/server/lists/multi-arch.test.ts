// The multi-arch decoration of a page (issue 25): its family lookups read only the page's
// families through indexes, on SQLite and PostgreSQL. At 1,000,000 images an image name is
// shared by thousands of rows (every tag, every namespace): a lookup by name alone read them all
// (6.2 s for a page of 200), one by namespace, name and tag reads a handful.
import { describe, expect, it } from 'vitest';
import { RegistryImageSchema } from '../../shared/contracts';
import { inventoryBackends } from '../test-support/test-backends';
import { explainPlan, recordingQueries } from '../test-support/query-plans';
import { upsertImages } from './list-store';
import { withMultiArch } from './multi-arch';
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
  it('rolls up and names parents as before', async () => {
    const db = await backend.open();
    try {
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
    } finally {
      await db.destroy();
    }
  });

  it("looks families up by the page's namespace, name and tag, through indexes", async () => {
    const db = await backend.open();
    try {
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
    } finally {
      await db.destroy();
    }
  });
});
