// Tests only: a throwaway PostgreSQL cluster in a temp dir on a free loopback port (never a fixed
// one), or the server named by TEST_DATABASE_URL. Each test gets a fresh database in it.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, chownSync } from 'node:fs';
import { freePort } from './free-port';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  findPostgresBinDir,
  POSTGRES_SEARCH_ROOTS,
  postgresMissingMessage,
} from '../../../scripts/find-postgres.mjs';

const run = promisify(execFile);

export interface TestPostgres {
  /** A new, empty database; returns its URL. */
  createDatabase(): Promise<string>;
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

async function createDatabaseIn(adminUrl: string, baseUrl: (name: string) => string) {
  const name = `iw_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    // C collation: the same byte order as SQLite (the columns also say so; this covers literals).
    await client.query(`create database ${name} template template0 encoding 'UTF8' locale 'C'`);
  } finally {
    await client.end();
  }
  return baseUrl(name);
}

function externalServer(url: string): TestPostgres {
  return {
    canStop: false,
    createDatabase: () =>
      createDatabaseIn(url, (name) => {
        const parsed = new URL(url);
        parsed.pathname = `/${name}`;
        return parsed.toString();
      }),
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
    '-c max_connections=200',
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
    createDatabase: () => createDatabaseIn(url('postgres'), url),
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
