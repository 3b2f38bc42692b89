// Tests only: a throwaway PostgreSQL cluster in a temp dir on a free loopback port (never a fixed
// one), or the server named by TEST_DATABASE_URL. Each test gets a fresh database in it. One
// cluster serves a whole Vitest run (postgres-global-setup.ts): a test file gets a handle on it
// (`sharedTestPostgres`) whose databases it drops at its end; a test that stops the server (an
// outage) starts a cluster of its own.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, chownSync } from 'node:fs';
import { freePort } from './free-port';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openInventory } from '../store/db';
import {
  findPostgresBinDir,
  POSTGRES_SEARCH_ROOTS,
  postgresMissingMessage,
} from '../../../scripts/find-postgres.mjs';

const run = promisify(execFile);

export interface TestPostgres {
  /** A new, empty database; returns its URL. */
  createDatabase(): Promise<string>;
  /** A new database holding an empty inventory migrated to the latest version; returns its URL. */
  createMigratedDatabase(): Promise<string>;
  /** The URL of the server's `postgres` database. */
  adminUrl(): Promise<string>;
  /** Stops the server, keeping its data (an outage); false for an external TEST_DATABASE_URL. */
  readonly canStop: boolean;
  pause(): Promise<void>;
  /** Starts it again on the same port. */
  resume(): Promise<void>;
  /** Stops the server and deletes the cluster. */
  close(): Promise<void>;
}

async function uidOf(user: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

async function createDatabaseIn(
  adminUrl: string,
  baseUrl: (name: string) => string,
  template = 'template0',
) {
  const name = `iw_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    // C collation: the same byte order as SQLite (the columns also say so; this covers literals).
    await client.query(`create database ${name} template ${template} encoding 'UTF8' locale 'C'`);
  } finally {
    await client.end();
  }
  return baseUrl(name);
}

/**
 * createMigratedDatabase for a server: the first call migrates an empty database, and every call
 * copies it (CREATE DATABASE … TEMPLATE, about 0.1 s) instead of running the migrations again
 * (about 2 s each: most of the PostgreSQL test cases' set-up). The copy is the database the
 * migrations left, so opening it finds nothing to do.
 */
function migratedDatabases(adminUrl: string, baseUrl: (name: string) => string) {
  let template: Promise<string> | undefined;
  return async () => {
    template ??= migrateTemplate(adminUrl, baseUrl);
    return createDatabaseIn(adminUrl, baseUrl, await template);
  };
}

/** A new database that the migrations leave as every inventory starts; returns its name. */
async function migrateTemplate(adminUrl: string, baseUrl: (name: string) => string) {
  const url = await createDatabaseIn(adminUrl, baseUrl);
  const db = await openInventory({ databaseUrl: url });
  await db.destroy();
  return new URL(url).pathname.slice(1);
}

/** The cluster of a Vitest run as global set-up hands it to the test files. */
export interface SharedPostgres {
  /** The URL of its `postgres` database, where databases are created and dropped. */
  adminUrl: string;
  /** The migrated database `createMigratedDatabase` copies. */
  migratedTemplate: string;
}

function databaseUrlBeside(adminUrl: string) {
  return (name: string) => {
    const parsed = new URL(adminUrl);
    parsed.pathname = `/${name}`;
    return parsed.toString();
  };
}

/**
 * Global set-up's half: starts the run's cluster and migrates the template every file copies.
 * The file's half is `sharedTestPostgres`.
 */
export async function startSharedPostgres(): Promise<{
  shared: SharedPostgres;
  close: () => Promise<void>;
}> {
  const cluster = await startTestPostgres();
  try {
    const adminUrl = await cluster.adminUrl();
    const migratedTemplate = await migrateTemplate(adminUrl, databaseUrlBeside(adminUrl));
    return { shared: { adminUrl, migratedTemplate }, close: () => cluster.close() };
  } catch (error) {
    await cluster.close();
    throw error;
  }
}

/**
 * A test file's handle on the run's cluster: its databases, dropped by `close` (connections
 * still open, e.g. a killed replica's, are ended), so a run never holds more than its files in
 * progress. The server cannot be stopped: an outage test starts a cluster of its own.
 */
export function sharedTestPostgres({ adminUrl, migratedTemplate }: SharedPostgres): TestPostgres {
  const baseUrl = databaseUrlBeside(adminUrl);
  const created: string[] = [];
  const keep = async (url: Promise<string>) => {
    created.push(new URL(await url).pathname.slice(1));
    return url;
  };
  return {
    canStop: false,
    adminUrl: () => Promise.resolve(adminUrl),
    createDatabase: () => keep(createDatabaseIn(adminUrl, baseUrl)),
    createMigratedDatabase: () => keep(createDatabaseIn(adminUrl, baseUrl, migratedTemplate)),
    pause: () => Promise.reject(new Error('the shared test cluster cannot be stopped')),
    resume: () => Promise.resolve(),
    async close() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        for (const name of created.splice(0))
          await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

function externalServer(url: string): TestPostgres {
  const baseUrl = databaseUrlBeside(url);
  return {
    canStop: false,
    adminUrl: () => Promise.resolve(url),
    createDatabase: () => createDatabaseIn(url, baseUrl),
    createMigratedDatabase: migratedDatabases(url, baseUrl),
    pause: () => Promise.reject(new Error('cannot stop an external TEST_DATABASE_URL server')),
    resume: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

/**
 * Starts a cluster (initdb + pg_ctl) owned by the `postgres` user when running as root (initdb
 * refuses root). Without PostgreSQL it fails with the command that installs it, so a database
 * test never passes by being skipped. `searchRoots` is for the test of that failure.
 */
export async function startTestPostgres(
  searchRoots: readonly string[] = POSTGRES_SEARCH_ROOTS,
): Promise<TestPostgres> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) return externalServer(external);
  const bin = findPostgresBinDir(searchRoots);
  if (bin === undefined) throw new Error(postgresMissingMessage(searchRoots, ''));
  const dir = mkdtempSync(path.join(tmpdir(), 'imagewatch-pg-'));
  const dataDir = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const owner = await uidOf('postgres');
    chownSync(dir, owner.uid, owner.gid);
  }
  const exec = (tool: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args])
      : run(path.join(bin, tool), args);
  await exec('initdb', [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '--locale=C',
    '--encoding=UTF8',
    '--no-sync',
  ]);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=400', // the files in progress at once share it
  ].join(' ');
  let running = false;
  const start = async () => {
    await exec('pg_ctl', [
      '-D',
      dataDir,
      '-o',
      options,
      '-l',
      path.join(dir, 'log'),
      '-w',
      'start',
    ]);
    running = true;
  };
  const stop = async () => {
    if (!running) return;
    running = false;
    await exec('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
  };
  await start();
  const url = (name: string) => `postgres://postgres@127.0.0.1:${port}/${name}`;
  return {
    canStop: true,
    adminUrl: () => Promise.resolve(url('postgres')),
    createDatabase: () => createDatabaseIn(url('postgres'), url),
    createMigratedDatabase: migratedDatabases(url('postgres'), url),
    pause: stop,
    resume: start,
    async close() {
      try {
        await stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
