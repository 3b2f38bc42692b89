// Shared by the tests that start the BFF as in production (src/server/main.ts in its own Node
// process): the spawn with the base environment, and the environment that points the Huawei
// Cloud clients at a simulator.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { startSimulator, type RunningSimulator } from '../../simulator';
import type { DemoKeys } from '../config';

const ROOT = path.resolve(__dirname, '../../..');

export interface BffProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Settles when the process has exited. */
  exited: Promise<void>;
}

/**
 * Spawns src/server/main.ts on a free loopback port, with only PATH and HOME from this process,
 * LOG_LEVEL info and a sync interval of ten minutes; `env` adds to or overrides these.
 */
export function spawnBff(env: Record<string, string>): BffProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      SYNC_INTERVAL_MS: '600000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, exited };
}

/** A BFF process that has announced where it listens. */
export interface StartedBff extends BffProcess {
  /** `http://127.0.0.1:<port>`, as the process announced it. */
  url: string;
  /** What it has written to stdout and stderr, chunk by chunk (it goes on growing). */
  output: string[];
}

/**
 * Spawns the BFF (spawnBff) and resolves once it announces its URL; rejects with its output when
 * it exits before.
 */
export function startBff(env: Record<string, string>): Promise<StartedBff> {
  const { child, exited } = spawnBff(env);
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /running \(live mode\) at (http:\/\/[^/\s]+)\//.exec(output.join(''));
      if (match?.[1]) resolve({ child, exited, url: match[1], output });
    });
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code) =>
      reject(new Error(`the BFF exited (${String(code)}):\n${output.join('')}`)),
    );
  });
}

/**
 * A simulator on a free loopback port for a BFF process to call: the estate of `seed` and the
 * image counts, no drift, the clouds' keys of `keys` accepted, and `rateLimit` (by default a
 * limit the tests never reach).
 */
export function startSimulatorFor(
  keys: DemoKeys,
  estate: { seed: number; registryImages: number; cicdImages: number; rateLimit?: string },
): Promise<RunningSimulator> {
  return startSimulator({
    host: '127.0.0.1',
    port: 0,
    seed: estate.seed,
    registryImages: estate.registryImages,
    cicdImages: estate.cicdImages,
    driftIntervalMs: 0,
    rateLimit: estate.rateLimit ?? '10000/min',
    huaweiCredentials: [keys.huawei],
    alibabaCredentials: [keys.alibaba],
  });
}

/** The Huawei Cloud keys of `keys`, with both endpoints (HSS and SWR) at `endpoint`. */
export function huaweiEnv(keys: DemoKeys, endpoint: string): Record<string, string> {
  return {
    HUAWEICLOUD_SDK_AK: keys.huawei.ak,
    HUAWEICLOUD_SDK_SK: keys.huawei.sk,
    HUAWEICLOUD_REGION: keys.huawei.region,
    HUAWEICLOUD_SDK_PROJECT_ID: keys.huawei.projectId,
    HUAWEICLOUD_HSS_ENDPOINT: endpoint,
    HUAWEICLOUD_SWR_ENDPOINT: endpoint,
  };
}
