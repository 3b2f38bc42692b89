// Tests only: the enrichment's answers for some digests, as the simulator's pool gives them.
import { basicImagesOf } from '../../simulator';
import { writeBasicImageAnswer } from '../base-images/base-images-store';
import type { InventoryDb } from '../store/db';

/** Stores each digest's basic images (seed 000's answer, from the simulator) at `now`. */
export async function answerDigests(
  db: InventoryDb,
  account: string,
  digests: Iterable<string>,
  now: number,
): Promise<void> {
  for (const digest of digests) {
    const bases = basicImagesOf({ image_digest: digest });
    await writeBasicImageAnswer(
      db,
      account,
      digest,
      { total_num: bases.length, data_list: bases },
      now,
    );
  }
}
