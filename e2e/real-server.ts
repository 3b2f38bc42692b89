// The real server in its own process group, as a user starts it (`node scripts/start.mjs`, or a
// built tree's `dist-server/main.js`): on a free port and a data directory of the caller's, with no
// DASHBOARD_TOKEN so that it picks one and prints it in its start-up URL. Resolves once /readyz
// answers 200 (the first sync is done). For the e2e run's global setup and the app benches.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../src/server/test-support/free-port';

const START_URL = /(https?:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9._~%-]+)/;

/** The simulator's settings: unset, it serves the demo estate (20,000 images, no added latency). */
export const SIMULATOR_SETTINGS = ['SIM_REGISTRY_IMAGES', 'SIM_CICD_IMAGES', 'SIM_LATENCY_MS'];

export interface RealServerOptions {
  /** The directory it runs in, and the script it runs there. */
  cwd: string;
  script: string;
  dataDir: string;
  /** Settings beside PORT, HOST and DATA_DIR. */
  env?: Record<string, string>;
  /** Settings of this process's environment the server must not inherit (beside the token). */
  unset?: readonly string[];
  /** For the start-up URL and then for /readyz. */
  timeoutMs: number;
}

export interface RealServer {
  child: ChildProcess;
  /** The URL it printed, with its token: opening it signs in. */
  startUrl: string;
  origin: string;
}

export async function startRealServer(options: RealServerOptions): Promise<RealServer> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    DATA_DIR: options.dataDir,
    ...options.env,
  };
  for (const name of ['DASHBOARD_TOKEN', ...(options.unset ?? [])]) delete env[name];
  const child = spawn(process.execPath, [options.script], {
    cwd: options.cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const seconds = options.timeoutMs / 1000;
  const startUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(new Error(`no start-up URL within ${seconds} s:\n--- its output ---\n${output}`)),
      options.timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = START_URL.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(
          `the server exited (${signal ?? code}) before its URL:\n--- its output ---\n${output}`,
        ),
      );
    });
  }).catch(async (error: unknown) => {
    await stopRealServer(child);
    throw error;
  });
  const origin = new URL(startUrl).origin;
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const ready = await fetch(`${origin}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stopRealServer(child);
      throw new Error(
        `${origin}/readyz did not answer 200 in time:\n--- its output ---\n${output}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  // Keep draining its output so a full pipe never blocks it.
  child.stdout.removeAllListeners('data').resume();
  child.stderr.removeAllListeners('data').resume();
  child.removeAllListeners('exit');
  return { child, startUrl, origin };
}

/** SIGTERM to its process group, SIGKILL after 10 s; resolves when it has exited. */
export function stopRealServer(child: ChildProcess): Promise<void> {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const pid = child.pid;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      resolve();
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}
