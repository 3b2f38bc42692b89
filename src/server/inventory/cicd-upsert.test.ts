// A CI/CD page may carry two records with the same image_id (seed 003 allows empty and shared
// ones). Until CI/CD rows get a key of their own they share one row, but the page must never
// fail: PostgreSQL refuses an upsert that touches one row twice in a statement.
import { describe, expect, it } from 'vitest';
import { CicdImageSchema } from '../../shared/contracts';
import { countCicdImages, queryCicdImages, upsertCicdImages } from './cicd-images';
import { inventoryBackends } from './test-backends';

describe.each(inventoryBackends())('CI/CD upsert on $name', (backend) => {
  it('stores a page whose records share an image_id (the last one wins, as on SQLite)', async () => {
    const db = await backend.open();
    try {
      const page = [
        CicdImageSchema.parse({ image_id: 'sha256:shared', cicd_name: 'pipeline-1' }),
        CicdImageSchema.parse({ image_id: '', cicd_name: 'no-id-1' }),
        CicdImageSchema.parse({ image_id: 'sha256:other', cicd_name: 'pipeline-3' }),
        CicdImageSchema.parse({ image_id: 'sha256:shared', cicd_name: 'pipeline-2' }),
        CicdImageSchema.parse({ image_id: '', cicd_name: 'no-id-2' }),
      ];
      await upsertCicdImages(db, 'a', page, 1_000);
      expect(await countCicdImages(db, 'a')).toBe(3);
      const { data_list } = await queryCicdImages(db, 'a', { limit: 10 });
      expect(data_list.map((row) => row.cicd_name)).toEqual([
        'no-id-2',
        'pipeline-3',
        'pipeline-2',
      ]);
    } finally {
      await db.destroy();
    }
  });
});
