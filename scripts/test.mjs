// `npm test`: type check, lint, format check, unit and integration tests, builds of the app and the
// server (as `npm run build`), end-to-end tests.
// It stops at once, before anything slow, when no browser is installed for the end-to-end tests or
// no PostgreSQL for the database tests.
import { spawnSync } from 'node:child_process';
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
const steps = [
  ['type check', bin('typescript', 'bin', 'tsc'), ['-b']],
  ['lint', bin('eslint', 'bin', 'eslint.js'), ['.', '--max-warnings=0']],
  ['format', bin('prettier', 'bin', 'prettier.cjs'), ['--check', '.', '--log-level', 'warn']],
  ['unit and integration tests', bin('vitest', 'vitest.mjs'), ['run']],
  ['build', bin('vite', 'bin', 'vite.js'), ['build', '--logLevel', 'warn']],
  ['server build', join(root, 'scripts', 'build-server.mjs'), []],
  [
    'end-to-end tests',
    bin('@playwright', 'test', 'cli.js'),
    ['test', '-c', 'e2e/playwright.config.ts'],
  ],
];

const only = process.argv.slice(2);
for (const [name, script, args] of steps) {
  if (only.length && !only.some((word) => name.includes(word))) continue;
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const result = spawnSync(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed after ${seconds} s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${name} (${seconds} s)`);
}
console.log('\nAll checks passed.');
