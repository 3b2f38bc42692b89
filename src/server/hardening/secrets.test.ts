// Secrets stay in the BFF: not in the built bundle, not in any response of a busy run (success,
// bad input, upstream faults), not in a log line; the inventory files are the owner's alone.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_ALIBABA, DEMO_HUAWEI } from '../../simulator';
import { openInventory } from '../store/db';
import { startHarness, TEST_TOKEN, type Harness } from '../test-support/bff-harness';
import { basicImagePath, firstPrivateImage } from '../test-support/detail-paths';

let harness: Harness;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/**
 * The built app's folder, built first when absent (Vitest runs before `npm test`'s build). The
 * bundle's checks live in this one file so that no other file reads a build in progress.
 */
function builtApp(): string {
  const dist = path.resolve('dist');
  if (!existsSync(path.join(dist, 'index.html'))) {
    const vite = path.resolve('node_modules/vite/bin/vite.js');
    const build = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      encoding: 'utf8',
    });
    expect(build.status, build.stderr).toBe(0);
  }
  return dist;
}

beforeAll(async () => {
  harness = await startHarness({ clientTimeoutMs: 1_500, startSync: true });
});

afterAll(async () => {
  await harness?.close();
});

describe('secrets', () => {
  it('are not in the built bundle', () => {
    const dist = builtApp();
    const secrets = [
      DEMO_HUAWEI.sk,
      DEMO_ALIBABA.accessKeySecret,
      harness.keys.huawei.sk,
      harness.keys.alibaba.accessKeySecret,
      TEST_TOKEN,
      ...['HUAWEICLOUD_SDK_SK', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'DASHBOARD_TOKEN']
        .map((name) => process.env[name])
        .filter((value): value is string => value !== undefined && value.length >= 6),
    ];
    const files = filesUnder(dist);
    expect(files.some((file) => file.endsWith('.js'))).toBe(true);
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      for (const secret of secrets) expect(text, file).not.toContain(secret);
      // Server-only code (signing, configuration) must not have been bundled.
      expect(text, file).not.toMatch(/SDK-HMAC-SHA256|ACS3-HMAC-SHA256|HUAWEICLOUD_SDK_SK/);
    }
  });

  it('builds an index.html with no inline script (the CSP would block it)', () => {
    const html = readFileSync(path.join(builtApp(), 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes = '', content = ''] of scripts) {
      expect(attributes).toMatch(/\bsrc=/);
      expect(content.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it('are not in any response or log line of a busy run, nor any request signature', async () => {
    // The sync's signed calls and their log lines first: its whole first crawl.
    await vi.waitFor(() => expect(harness.server.sync.isReady()).toBe(true), {
      timeout: 20_000,
      interval: 20,
    });
    expect(harness.sim.stats().total).toBeGreaterThan(0);
    const basic = basicImagePath(firstPrivateImage(harness.sim.estate));
    const repo = harness.sim.estate.acrRepositories[0]?.RepoId ?? 'crr-x';
    const urls = [
      '/api/accounts',
      '/api/sync',
      '/api/hss/registry-images?limit=50',
      '/api/hss/cicd-images',
      '/api/hss/registry-images?limit=0',
      `/api/acr/repos/${repo}/tags`,
      '/api/acr/repos',
      `/?token=${TEST_TOKEN}`,
      '/healthz',
      '/readyz',
    ];
    for (const url of urls) await harness.inject({ method: 'GET', url });
    for (const fault of ['', 'auth:1', '500:1', 'malformed:1', 'content-type:1']) {
      harness.sim.control.setFaults(fault);
      await harness.inject({ method: 'GET', url: `${basic}&limit=${10 + fault.length}` });
      await harness.inject({ method: 'GET', url: `/api/acr/repos/${repo}/tags?PageNo=2` });
    }
    harness.sim.control.setFaults('');
    await harness.inject({
      method: 'GET',
      url: '/api/accounts',
      headers: { authorization: `Bearer ${TEST_TOKEN}x` },
    });

    const secrets = [harness.keys.huawei.sk, harness.keys.alibaba.accessKeySecret, TEST_TOKEN];
    expect(harness.bodies.length).toBeGreaterThan(20);
    expect(harness.logLines.length).toBeGreaterThan(10);
    // A signature is 64 hex digits after "Signature=" (Huawei) or "Signature=" (ACS3).
    const signature = /Signature=[0-9a-fA-F]{16,}/;
    for (const text of [...harness.bodies, ...harness.logLines]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toMatch(signature);
    }
  });

  it('live in a data directory only the owner can read', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'imagewatch-perm-'));
    try {
      const dataDir = path.join(root, 'data');
      const db = await openInventory({ dataDir });
      await sql`CREATE TEMP TABLE probe (x INTEGER)`.execute(db);
      await sql`INSERT INTO sync_state DEFAULT VALUES`.execute(db).catch(() => undefined);
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      const files = readdirSync(dataDir);
      expect(files).toContain('inventory.sqlite');
      for (const file of files)
        expect(statSync(path.join(dataDir, file)).mode & 0o777, file).toBe(0o600);
      await db.destroy();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
