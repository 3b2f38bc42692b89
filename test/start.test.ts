// `npm start` (scripts/start.mjs) runs the server that `npm run build` compiled to JavaScript, with
// plain Node: on a production install (`npm ci --omit=dev`: no tsx, esbuild or vite) as it was
// built, and on a development install after rebuilding it when a source is newer than the build.
// Each case runs in a copy of the project whose node_modules links to this one's packages.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../src/server/test-support/free-port';

const ROOT = process.cwd();
const START_URL = /(https?:\/\/127\.0\.0\.1:\d+)\/\?token=/;
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { dev?: boolean }>;
};
const copies: string[] = [];

afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function projectCopy({ omitDev }: { omitDev: boolean }): string {
  const dir = mkdtempSync(join(tmpdir(), 'imagewatch-start-'));
  copies.push(dir);
  for (const entry of ['scripts', 'src', 'package.json', 'tsconfig.json'])
    cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  const packageNames = readdirSync(join(ROOT, 'node_modules'))
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) =>
      name.startsWith('@')
        ? readdirSync(join(ROOT, 'node_modules', name)).map((scoped) => `${name}/${scoped}`)
        : [name],
    );
  for (const name of packageNames) {
    if (omitDev && lock.packages[`node_modules/${name}`]?.dev) continue;
    mkdirSync(join(dir, 'node_modules', name, '..'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
  }
  return dir;
}

function buildServer(dir: string): void {
  const result = spawnSync(process.execPath, ['scripts/build-server.mjs'], {
    cwd: dir,
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
}

/** Runs `node scripts/start.mjs` in the copy until /healthz answers; returns all it printed. */
async function startAndStop(dir: string, extraEnv: Record<string, string> = {}): Promise<string> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    DATA_DIR: join(dir, 'data'),
    SIM_REGISTRY_IMAGES: '200',
    SIM_CICD_IMAGES: '20',
    ...extraEnv,
  };
  delete env.DATABASE_URL;
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const origin = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = START_URL.exec(output);
        if (match?.[1]) resolve(match[1]);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => reject(new Error(`start.mjs exited (${code}):\n${output}`)));
    });
    const health = await fetch(`${origin}/healthz`);
    expect(health.status).toBe(200);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return output;
}

describe('npm start', () => {
  it('runs the built server on a production install, without tsx, esbuild or vite', async () => {
    const dir = projectCopy({ omitDev: true });
    // As `npm run build` does where the dev dependencies are, before the production install.
    const built = spawnSync(
      process.execPath,
      [join(ROOT, 'scripts/build-server.mjs'), join(dir, 'dist-server')],
      {
        encoding: 'utf8',
      },
    );
    expect(built.status).toBe(0);
    for (const devOnly of ['tsx', 'esbuild', 'vite'])
      expect(() => statSync(join(dir, 'node_modules', devOnly))).toThrow();

    const output = await startAndStop(dir);
    expect(output).toContain('The app is not built and vite is not installed');
    expect(output).not.toContain('Building');
  });

  it('rebuilds the server first when a source is newer than its build', async () => {
    const dir = projectCopy({ omitDev: false });
    buildServer(dir);
    const builtAt = statSync(join(dir, 'dist-server', 'main.js')).mtimeMs;
    const later = new Date(builtAt + 60_000);
    utimesSync(join(dir, 'src', 'server', 'config.ts'), later, later);

    // SKIP_BUILD=1 leaves the app (Vite) alone; the server is still rebuilt.
    const output = await startAndStop(dir, { SKIP_BUILD: '1' });
    expect(output).toContain('The server changed since the last build: building it');
    expect(statSync(join(dir, 'dist-server', 'main.js')).mtimeMs).toBeGreaterThan(builtAt);
  });
});
