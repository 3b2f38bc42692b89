// `npm test`: type check, lint and format check (at the same time), unit and integration tests,
// builds of the app and the server (as `npm run build`, at the same time), end-to-end tests.
// It stops at once, before anything slow, when no browser is installed for the end-to-end tests or
// no PostgreSQL for the database tests.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium, INSTALL_COMMAND } from './find-chromium.mjs';
import { postgresMissingMessage } from './find-postgres.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!findChromium()) {
  console.error(
    `No Chromium found for the end-to-end tests. Install it with:\n\n  ${INSTALL_COMMAND}\n`,
  );
  process.exit(1);
}
const postgresMissing = postgresMissingMessage();
if (postgresMissing) {
  console.error(postgresMissing);
  process.exit(1);
}

const bin = (name, ...path) => join(root, 'node_modules', name, ...path);
/**
 * The steps in order; the steps of one group run at the same time (single-threaded checks that
 * need nothing from each other, and the two builds), each group after the one before it. On two
 * cores the type check and the lint overlap; the tests, which use every core, run alone.
 */
const groups = [
  [
    ['type check', bin('typescript', 'bin', 'tsc'), ['-b']],
    ['lint', bin('eslint', 'bin', 'eslint.js'), ['.', '--max-warnings=0']],
    ['format', bin('prettier', 'bin', 'prettier.cjs'), ['--check', '.', '--log-level', 'warn']],
  ],
  [['unit and integration tests', bin('vitest', 'vitest.mjs'), ['run']]],
  [
    ['build', bin('vite', 'bin', 'vite.js'), ['build', '--logLevel', 'warn']],
    ['server build', join(root, 'scripts', 'build-server.mjs'), []],
  ],
  [
    [
      'end-to-end tests',
      bin('@playwright', 'test', 'cli.js'),
      ['test', '-c', 'e2e/playwright.config.ts'],
    ],
  ],
];

/**
 * Runs one step; alone, its output goes straight to the terminal; beside others, it is held and
 * printed whole when the step ends, so the logs of parallel steps do not interleave.
 */
function runStep([name, script, args], alone) {
  return new Promise((resolve) => {
    const started = Date.now();
    if (alone) console.log(`\n▶ ${name}`);
    const child = spawn(process.execPath, [script, ...args], {
      cwd: root,
      stdio: alone ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    });
    const output = [];
    child.stdout?.on('data', (chunk) => output.push(chunk));
    child.stderr?.on('data', (chunk) => output.push(chunk));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (!alone) {
        console.log(`\n▶ ${name}`);
        process.stdout.write(Buffer.concat(output));
      }
      const ok = code === 0;
      console[ok ? 'log' : 'error'](
        ok ? `✔ ${name} (${seconds} s)` : `\n✖ ${name} failed after ${seconds} s`,
      );
      resolve(ok ? 0 : (code ?? 1));
    });
  });
}

const only = process.argv.slice(2);
const runStarted = Date.now();
for (const group of groups) {
  const steps = group.filter(([name]) => !only.length || only.some((word) => name.includes(word)));
  if (steps.length === 0) continue;
  const statuses = await Promise.all(steps.map((step) => runStep(step, steps.length === 1)));
  const failed = statuses.find((status) => status !== 0);
  if (failed !== undefined) process.exit(failed);
}
console.log(`\nAll checks passed (${((Date.now() - runStarted) / 1000).toFixed(1)} s).`);
