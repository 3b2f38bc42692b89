// `npm start`: build the app when dist/ is missing or older than its sources, then run the BFF
// (TypeScript through tsx, in this process so that SIGTERM reaches the server's own handler).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const builtIndex = join(root, 'dist', 'index.html');
const appSources = [
  'index.html',
  'public',
  'src/app',
  'src/features',
  'src/components',
  'src/lib',
  'src/shared',
  'src/main.tsx',
  'vite.config.ts',
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const builtAt = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : 0;
const sourcesAt = Math.max(...appSources.map((p) => newestMtime(join(root, p))));
if (process.env.SKIP_BUILD !== '1' && builtAt < sourcesAt) {
  console.error(
    builtAt
      ? 'The app changed since the last build: building it…'
      : 'Building the app (first start)…',
  );
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('The app failed to build; see the messages above.');
    process.exit(result.status ?? 1);
  }
}

const { register } = await import('tsx/esm/api');
register();
await import('../src/server/main.ts');
