// The integrity check at start-up (issue 25: ready in < 5 s over a 2 GB inventory). A full
// `quick_check` reads every page; it runs when the last run did not end cleanly (SQLite left its
// write-ahead log beside the file: a crash, a kill, a power cut), and is then refused as before.
// After a clean shutdown only the header and the schema are read at start.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { RegistryImageSchema } from '../../shared/contracts';
import { upsertImages } from '../lists/list-store';
import { REGISTRY_LIST } from '../lists/registry';
import { InventoryOpenError, openInventory } from './db';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function freshDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'imagewatch-check-'));
  dirs.push(dir);
  return dir;
}

/** An inventory of 2,000 images, closed cleanly, with one page of the images' table overwritten. */
async function inventoryWithDamagedPage(): Promise<{ dataDir: string; file: string }> {
  const dataDir = freshDir();
  const db = await openInventory({ dataDir });
  const images = Array.from({ length: 2_000 }, (_, i) =>
    RegistryImageSchema.parse({
      id: String(10_000 + i),
      namespace: `ns-${i % 17}`,
      image_name: `app-${i}`,
      image_version: 'v1',
      image_digest: `sha256:${String(i).padStart(64, '0')}`,
    }),
  );
  await upsertImages(REGISTRY_LIST, db, 'a', images, 1);
  await db.destroy();
  const file = path.join(dataDir, 'inventory.sqlite');
  // A leaf page of the images' table, found from the file itself: the table's root page is an
  // interior page whose first cell starts with a child's page number (4 bytes, big-endian).
  // Read-write, so that closing it removes the log it opened (a read-only one would leave it).
  const reader = new Database(file);
  const pageSize = Number(reader.pragma('page_size', { simple: true }));
  const root = Number(
    reader
      .prepare("select rootpage from sqlite_master where name = 'registry_images'")
      .pluck()
      .get(),
  );
  reader.close();
  const bytes = readFileSync(file);
  const rootStart = (root - 1) * pageSize;
  const child = bytes.readUInt32BE(rootStart + bytes.readUInt16BE(rootStart + 12));
  bytes.fill(0xa5, (child - 1) * pageSize, child * pageSize);
  writeFileSync(file, bytes);
  return { dataDir, file };
}

describe('the integrity check at start-up', () => {
  it('runs after an unclean shutdown and refuses a damaged file, leaving it as it was', async () => {
    const { dataDir, file } = await inventoryWithDamagedPage();
    // What a process killed with the inventory open leaves: its write-ahead log.
    writeFileSync(`${file}-wal`, Buffer.alloc(0));
    const bytes = readFileSync(file);
    const refusal = await openInventory({ dataDir }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(InventoryOpenError);
    expect((refusal as Error).message).toMatch(/integrity check failed.*left untouched/s);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('is not run after a clean shutdown (the header and the schema are read)', async () => {
    const { dataDir } = await inventoryWithDamagedPage();
    const db = await openInventory({ dataDir });
    await db.destroy();
  });
});
