// `npm run build:server` (part of `npm run build`): bundles the BFF (src/server/main.ts and what it
// imports, the simulator in a chunk of its own loaded only in demo mode) into plain JavaScript in
// dist-server/, so that production runs it with Node alone. Packages stay in node_modules.
// Written beside the target and swapped in, so a server starting meanwhile never reads half a build.
import { build } from 'esbuild';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const SERVER_BUILD_DIR = join(root, 'dist-server');
/** What start.mjs compares with the build's time to know whether it is stale. */
export const BUILD_INPUTS_FILE = 'inputs.json';
const CONFIG_INPUTS = ['package.json', 'tsconfig.json', 'scripts/build-server.mjs'];

export async function buildServer(outDir = SERVER_BUILD_DIR) {
  const staging = `${outDir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const { engines } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: 'src/server/main.ts' },
    outdir: staging,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    // The oldest Node the project declares, so no syntax newer than it is emitted.
    target: `node${/\d+\.\d+/.exec(engines.node)?.[0] ?? '20'}`,
    packages: 'external',
    tsconfig: 'tsconfig.json',
    sourcemap: 'linked',
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = [...Object.keys(result.metafile.inputs), ...CONFIG_INPUTS];
  writeFileSync(join(staging, BUILD_INPUTS_FILE), `${JSON.stringify(inputs.sort(), null, 1)}\n`);
  rmSync(outDir, { recursive: true, force: true });
  renameSync(staging, outDir);
  return outDir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  const outDir = await buildServer(process.argv[2] ?? SERVER_BUILD_DIR);
  console.log(
    `Server built in ${relative(process.cwd(), outDir) || '.'}/ (${Date.now() - started} ms)`,
  );
}
