// Issue 17, findings 3 and 9: the BFF started as in production (src/server/main.ts) with a
// configured DASHBOARD_TOKEN, live keys and a DATABASE_URL with a password never writes any of
// them to its output, not even when a request carries them in its URL; a generated token is
// printed in the start-up URL (the only way to learn it). Runs on PostgreSQL (binaries or
// TEST_DATABASE_URL; without them it fails with the command that installs them).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../simulator';
import { generateDemoKeys } from '../config';
import { huaweiEnv, spawnBff, startSimulatorFor } from '../test-support/bff-process';
import { testPostgres } from '../test-support/test-backends';
import type { TestPostgres } from '../test-support/test-postgres';

const TOKEN = 'startup-logs-test-token-0123456789';
const DB_PASSWORD = 'pg-Passw0rd-startup-logs-98765';
const START_LINE = /Imagewatch is running \([^)]*\) at (http:\/\/[^/\s]+)\/(\S*)/;

let sim: RunningSimulator;
let postgres: TestPostgres | undefined;
/** The run's cluster; this file's database is dropped after it. */
const cluster = testPostgres();
const dataDir = mkdtempSync(path.join(tmpdir(), 'imagewatch-startup-logs-'));
const keys = generateDemoKeys();

interface Run {
  origin: string;
  /** What followed the origin on the start-up line. */
  startPath: string;
  /** Stops the process and returns everything it wrote. */
  stop(): Promise<string>;
}

function startBff(env: Record<string, string>): Promise<Run> {
  const { child, exited } = spawnBff(env);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const onData = () => {
      const match = START_LINE.exec(output);
      if (!match?.[1]) return;
      child.stdout.off('data', onData);
      resolve({
        origin: match[1],
        startPath: match[2] ?? '',
        async stop() {
          child.kill('SIGTERM');
          await exited;
          return output;
        },
      });
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the BFF exited (${String(code)}):\n${output}`)));
  });
}

beforeAll(async () => {
  sim = await startSimulatorFor(keys, { seed: 5, registryImages: 60, cicdImages: 10 });
  postgres = await cluster;
}, 60_000);

afterAll(async () => {
  await sim?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('start-up and request logs', () => {
  it('never show a configured token, access key ids or the database password', async () => {
    let databaseUrl: string | undefined;
    if (postgres) {
      // The test cluster trusts local connections: any password is accepted, and must be hidden.
      const url = new URL(await postgres.createDatabase());
      url.password = DB_PASSWORD;
      databaseUrl = url.toString();
    }
    const run = await startBff({
      DASHBOARD_TOKEN: TOKEN,
      ...huaweiEnv(keys, sim.url),
      ALIBABA_CLOUD_ACCESS_KEY_ID: keys.alibaba.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: keys.alibaba.accessKeySecret,
      ALIBABA_CLOUD_REGION_ID: keys.alibaba.regionId,
      ACR_INSTANCE_ID: sim.estate.acrInstances[0]?.InstanceId ?? 'cri-missing',
      ACR_ENDPOINT: sim.url,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir }),
    });
    const secrets = {
      token: TOKEN,
      huaweiAk: keys.huawei.ak,
      huaweiSk: keys.huawei.sk,
      alibabaKeyId: keys.alibaba.accessKeyId,
      alibabaSecret: keys.alibaba.accessKeySecret,
      ...(databaseUrl ? { databasePassword: DB_PASSWORD } : {}),
    };
    expect(run.startPath).not.toContain('token=');
    // Requests that carry every secret where a log line shows it: the URL.
    const query = new URLSearchParams(Object.entries(secrets)).toString();
    for (const url of [`/nope?${query}`, `/api/nope?${query}`, `/?token=${TOKEN}&${query}`]) {
      await fetch(`${run.origin}${url}`, { redirect: 'manual' });
    }
    const authorized = await fetch(`${run.origin}/api/accounts?${query}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(authorized.status).toBe(400);
    const output = await run.stop();
    expect(output).toContain('/nope?');
    for (const [name, secret] of Object.entries(secrets)) {
      expect(output, name).not.toContain(secret);
      expect(output, name).not.toContain(encodeURIComponent(secret));
    }
  }, 90_000);

  it('prints a generated token in the start-up URL', async () => {
    const run = await startBff({
      DATA_DIR: mkdtempSync(path.join(dataDir, 'demo-')),
      SIM_REGISTRY_IMAGES: '40',
      SIM_CICD_IMAGES: '10',
    });
    try {
      expect(run.startPath).toMatch(/^\?token=[A-Za-z0-9_-]{20,}$/);
      const token = decodeURIComponent(run.startPath.slice('?token='.length));
      const response = await fetch(`${run.origin}/api/accounts`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
    } finally {
      await run.stop();
    }
  }, 90_000);
});
