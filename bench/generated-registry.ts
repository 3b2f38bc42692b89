// The in-memory inventory the single-query benchmarks (risk, base-images) measure over: the
// simulator's estate generated at a size, parsed and upserted as the crawl would.
import { RegistryImageSchema, type RegistryImage } from '../src/shared/contracts';
import { openInventory, type InventoryDb } from '../src/server/store/db';
import { upsertRegistryImages } from '../src/server/test-support/per-list';
import { generateEstate } from '../src/simulator/estate';

/** The account the generated images are stored under. */
export const GENERATED_ACCOUNT = 'bench';

/**
 * `count` repository images of the seed-42 estate in a new in-memory inventory (no CI/CD images),
 * written in batches of 5,000 at `now`. The caller destroys `db`.
 */
export async function openGeneratedRegistry(
  count: number,
  now: number,
): Promise<{ db: InventoryDb; images: RegistryImage[] }> {
  const estate = generateEstate({ seed: 42, registryImages: count, cicdImages: 0, now });
  const images = estate.registryImages.map((record) => RegistryImageSchema.parse(record));
  const db = await openInventory(':memory:');
  try {
    for (let start = 0; start < images.length; start += 5_000)
      await upsertRegistryImages(db, GENERATED_ACCOUNT, images.slice(start, start + 5_000), now);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, images };
}
