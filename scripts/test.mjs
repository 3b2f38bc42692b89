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
 * need nothing from each other, and the two builds), each group after the one before it.
 *
 * A group with `nextStartsWhenOneLeft` lets the next group start once only one of its steps is
 * still running: on two cores the lint outlasts the type check and the format check by a third of
 * its time with one core idle, and the tests need nothing from the checks. That last step still
 * fails the run (stopping the steps started beside it), and the group after the next waits for it.
 */
const groups = [
  {
    nextStartsWhenOneLeft: true,
    steps: [
      ['type check', bin('typescript', 'bin', 'tsc'), ['-b']],
      ['lint', bin('eslint', 'bin', 'eslint.js'), ['.', '--max-warnings=0']],
      ['format', bin('prettier', 'bin', 'prettier.cjs'), ['--check', '.', '--log-level', 'warn']],
    ],
  },
  { steps: [['unit and integration tests', bin('vitest', 'vitest.mjs'), ['run']]] },
  {
    steps: [
      ['build', bin('vite', 'bin', 'vite.js'), ['build', '--logLevel', 'warn']],
      ['server build', join(root, 'scripts', 'build-server.mjs'), []],
    ],
  },
  {
    steps: [
      [
        'end-to-end tests',
        bin('@playwright', 'test', 'cli.js'),
        ['test', '-c', 'e2e/playwright.config.ts'],
      ],
    ],
  },
];

/** The steps' processes still running: stopped when a step fails while others run. */
const running = new Set();

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
    running.add(child);
    const output = [];
    child.stdout?.on('data', (chunk) => output.push(chunk));
    child.stderr?.on('data', (chunk) => output.push(chunk));
    child.on('close', (code) => {
      running.delete(child);
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

/** Ends the run with `status`, stopping any step still running. */
function fail(status) {
  for (const child of running) child.kill('SIGTERM');
  process.exit(status);
}

/** Fails the run when a step of the group (or the lingering step before it) fails. */
function failOnError(statuses) {
  return Promise.all(statuses).then((codes) => {
    const failed = codes.find((code) => code !== 0);
    if (failed !== undefined) fail(failed);
  });
}

let lingering = Promise.resolve();
for (const { steps: all, nextStartsWhenOneLeft } of groups) {
  const steps = all.filter(([name]) => !only.length || only.some((word) => name.includes(word)));
  if (steps.length === 0) continue;
  const statuses = steps.map((step) => runStep(step, steps.length === 1));
  const ended = failOnError(statuses);
  if (nextStartsWhenOneLeft && steps.length > 1) {
    // Wait for all but one step (each failure ends the run at once), then go on beside it.
    await new Promise((resolve) => {
      let left = steps.length;
      for (const status of statuses)
        void status.then((code) => {
          if (code !== 0) fail(code);
          left -= 1;
          if (left === 1) resolve();
        });
    });
    lingering = ended;
  } else {
    await ended;
    await lingering;
  }
}
await lingering;
console.log(`\nAll checks passed (${((Date.now() - runStarted) / 1000).toFixed(1)} s).`);
