// `npm start`: build the app (dist/) and the server (dist-server/) when their sources are newer than
// the builds, then run the built server with plain Node, in this process so that SIGTERM reaches the
// server's own handler. A production install (`npm ci --omit=dev`) has no build tools: it runs the
// builds it was given.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const serverBuildDir = join(root, 'dist-server');
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

/** The server build lists its inputs; a missing one (deleted or renamed) also makes it stale. */
function serverSourcesMtime() {
  const inputsFile = join(serverBuildDir, 'inputs.json');
  if (!existsSync(inputsFile)) return Infinity;
  const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
  return Math.max(...inputs.map((input) => newestMtime(join(root, input)) || Infinity));
}

function buildWhenStale({ what, built, sourcesAt, tool, script, args, required }) {
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  if (builtAt >= sourcesAt) return;
  if (!existsSync(join(root, 'node_modules', tool))) {
    const why = `${tool} is not installed (a production install)`;
    if (builtAt) return console.error(`The ${what} changed since its build, but ${why}: using it.`);
    if (!required) return console.error(`The ${what} is not built and ${why}.`);
    console.error(`The ${what} is not built and ${why}: run \`npm run build\` before.`);
    process.exit(1);
  }
  console.error(
    builtAt ? `The ${what} changed since the last build: building it…` : `Building the ${what}…`,
  );
  const result = spawnSync(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`The ${what} failed to build; see the messages above.`);
    process.exit(result.status ?? 1);
  }
}

// SKIP_BUILD=1 leaves the app as it is (a Vite build takes a while); the server build takes a second.
if (process.env.SKIP_BUILD !== '1') {
  buildWhenStale({
    what: 'app',
    built: join(root, 'dist', 'index.html'),
    sourcesAt: Math.max(...appSources.map((p) => newestMtime(join(root, p)))),
    tool: 'vite',
    script: join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
    args: ['build', '--logLevel', 'warn'],
    // Without it the server still runs, and its pages say how to build the app.
    required: false,
  });
}
buildWhenStale({
  what: 'server',
  built: join(serverBuildDir, 'main.js'),
  sourcesAt: serverSourcesMtime(),
  tool: 'esbuild',
  script: join(root, 'scripts', 'build-server.mjs'),
  args: [],
  required: true,
});

// Stack traces in the log name the TypeScript sources (dist-server/ carries source maps).
process.setSourceMapsEnabled(true);
await import(pathToFileURL(join(serverBuildDir, 'main.js')).href);
