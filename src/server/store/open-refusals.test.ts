// A file at ${DATA_DIR}/inventory.sqlite that is not an Imagewatch inventory (garbage bytes, or
// another program's SQLite database) stops start-up with a message saying what is wrong and what
// to do, and the file is left exactly as it was: same bytes, no journal files beside it.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { InventoryOpenError, openInventory } from './db';
import { sqliteInventoryAt } from '../test-support/test-backends';

const run = promisify(execFile);
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDirWith(make: (file: string) => void): { dataDir: string; file: string } {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'imagewatch-refusal-'));
  dirs.push(dataDir);
  const file = path.join(dataDir, 'inventory.sqlite');
  make(file);
  return { dataDir, file };
}

function garbage(file: string): void {
  // Not a database at all: a few KiB of bytes that start like nothing SQLite knows.
  const bytes = Buffer.alloc(8192);
  for (let index = 0; index < bytes.length; index += 1) bytes[index] = (index * 131 + 7) % 251;
  writeFileSync(file, bytes);
}

function foreignDatabase(file: string): void {
  // Another program's SQLite database, in the default rollback-journal mode.
  const other = new Database(file);
  other.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
  other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, customer INTEGER, total REAL)');
  other.prepare('INSERT INTO customers (name) VALUES (?)').run('Ada');
  other.close();
}

const CASES = [
  {
    name: 'a garbage file',
    make: garbage,
    message: /inventory\.sqlite cannot be opened \(.*not a database.*\).*left untouched/s,
  },
  {
    name: "another program's SQLite database",
    make: foreignDatabase,
    message:
      /inventory\.sqlite is not an Imagewatch inventory \(it holds tables .*customers.*\).*left untouched/s,
  },
] as const;

describe('opening an inventory file that is not ours', () => {
  it.each(CASES)('refuses $name and leaves it byte-identical', async ({ make, message }) => {
    const { dataDir, file } = dataDirWith(make);
    const bytes = readFileSync(file);
    const files = readdirSync(dataDir).sort();

    const refusal = await openInventory({ dataDir }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(InventoryOpenError);
    expect((refusal as Error).message).toMatch(message);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(readdirSync(dataDir).sort()).toEqual(files);
  });

  it.each(CASES)(
    'stops the server at start-up on $name, with the message',
    async ({ make, message }) => {
      const { dataDir, file } = dataDirWith(make);
      const bytes = readFileSync(file);
      const tsx = path.resolve('node_modules/.bin/tsx');
      const startup = await run(tsx, ['src/server/main.ts'], {
        env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
        timeout: 20_000,
      }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code?: number; stderr?: string }) => ({
          code: error.code ?? -1,
          stderr: error.stderr ?? '',
        }),
      );
      expect(startup.code).toBe(1);
      expect(startup.stderr).toMatch(message);
      expect(readFileSync(file).equals(bytes)).toBe(true);
    },
  );
});

describe('opening our own inventory again', () => {
  it('accepts every table the migrations create (a restart on the same DATA_DIR)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'imagewatch-reopen-'));
    try {
      const first = await openInventory({ dataDir });
      await first.destroy();
      const again = await openInventory({ dataDir });
      await again.destroy();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('upgrades one an earlier release left (tables a later migration drops)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'imagewatch-upgrade-'));
    dirs.push(dataDir);
    // As the release before 0042 left it: with 0029's base_image_aggregates, which 0042 drops.
    const older = await sqliteInventoryAt(dataDir, '0040_audit_log');
    await older.destroy();

    const upgraded = await openInventory({ dataDir });
    try {
      const { rows } = await sql<{ name: string }>`select name from sqlite_master
        where name = 'base_image_aggregates'`.execute(upgraded);
      expect(rows).toEqual([]);
    } finally {
      await upgraded.destroy();
    }
  });
});
