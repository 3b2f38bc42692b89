// A second server for the single sign-on walk: a real OpenID provider (oidc-provider on loopback,
// the integration tests' own, src/server/test-support/oidc-test-provider.ts) and `node
// scripts/start.mjs` with OIDC_* pointing at it and a configuration file whose `access.roles` map
// the provider's groups to roles and scopes. Started by the spec that walks it, stopped after it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  startTestProvider,
  type TestProvider,
  type TestUser,
} from '../src/server/test-support/oidc-test-provider';
import { freePort } from '../src/server/test-support/free-port';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLIENT = { clientId: 'imagewatch-e2e', clientSecret: 'imagewatch-e2e-client-secret' };

export interface SsoRole {
  group: string;
  role: 'viewer' | 'auditor' | 'operator' | 'admin';
  namespaces?: string[];
}

export interface SsoServer {
  origin: string;
  /** Admin, unscoped: `Authorization: Bearer` for the test's own unscoped answers. */
  dashboardToken: string;
  stop(): Promise<void>;
}

/** Until /readyz answers 200: the first full sync is done, so every count is final. */
async function waitForReady(origin: string, child: ChildProcess, output: () => string) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the SSO server exited:\n${output()}`);
    try {
      if ((await fetch(`${origin}/readyz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function startSsoServer(options: {
  users: Record<string, TestUser>;
  roles: SsoRole[];
  registryImages: number;
}): Promise<SsoServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const provider: TestProvider = await startTestProvider({
    ...CLIENT,
    redirectUri: `${origin}/auth/callback`,
    postLogoutRedirectUri: `${origin}/`,
    users: options.users,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'imagewatch-e2e-sso-'));
  const configFile = join(dataDir, 'imagewatch.json');
  writeFileSync(configFile, JSON.stringify({ access: { roles: options.roles } }));
  const dashboardToken = `e2e-sso-dashboard-token-${port}-0123456789abcdef`;
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: ROOT,
    // Only PATH and HOME of the test runner's environment: its worker's settings are not the app's.
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DASHBOARD_TOKEN: dashboardToken,
      IMAGEWATCH_CONFIG: configFile,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: CLIENT.clientId,
      OIDC_CLIENT_SECRET: CLIENT.clientSecret,
      OIDC_REDIRECT_URI: `${origin}/auth/callback`,
      SIM_REGISTRY_IMAGES: String(options.registryImages),
      SIM_CICD_IMAGES: '50',
      SYNC_INTERVAL_MS: String(6 * 3_600_000),
      SIM_RATE_LIMIT: '6000/min',
      // Watch rules the walk saves name a loopback channel (never sent to).
      NOTIFY_ALLOW_PRIVATE: 'true',
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.pid && child.exitCode === null) {
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    await provider.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForReady(origin, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { origin, dashboardToken, stop };
}
