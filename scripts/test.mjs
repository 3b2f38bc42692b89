// `npm test`: type check, lint and format check, both builds (as `npm run build`), unit and
// integration tests, end-to-end tests.
// It stops at once, before anything slow, when no browser is installed for the end-to-end tests or
// no PostgreSQL for the database tests.
import { spawn, spawnSync } from 'node:child_process';
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
 * The static checks: single-threaded, timing-insensitive, needed by no other step. They start at
 * once at the lowest CPU priority, so they take only what the tests leave idle (on two cores
 * Vitest and Playwright each leave most of a core waiting on servers, timers and the browser) and
 * never slow a test that runs against the clock. A failure still stops the whole run.
 */
const checks = [
  ['type check', bin('typescript', 'bin', 'tsc'), ['-b']],
  ['lint', bin('eslint', 'bin', 'eslint.js'), ['.', '--max-warnings=0']],
  ['format', bin('prettier', 'bin', 'prettier.cjs'), ['--check', '.', '--log-level', 'warn']],
];

/**
 * The tests, one group after the other; the steps of a group run at the same time. The builds come
 * first: Playwright serves them, and Vitest's bundle check (hardening/secrets.test.ts) reads the
 * built app instead of building it itself.
 */
const groups = [
  [
    ['build', bin('vite', 'bin', 'vite.js'), ['build', '--logLevel', 'warn']],
    ['server build', join(root, 'scripts', 'build-server.mjs'), []],
  ],
  [['unit and integration tests', bin('vitest', 'vitest.mjs'), ['run']]],
  [
    [
      'end-to-end tests',
      bin('@playwright', 'test', 'cli.js'),
      ['test', '-c', 'e2e/playwright.config.ts'],
    ],
  ],
];

/** `nice` where there is one (not on Windows): the checks then run at the lowest priority. */
const NICE = ['nice', '-n', '19'];
const lowPriority =
  spawnSync(NICE[0], [...NICE.slice(1), process.execPath, '-e', '']).status === 0 ? NICE : [];

/** The steps' processes still running: stopped when a step fails while others run. */
const running = new Set();

/**
 * Runs one step; with `live`, its output goes straight to the terminal; otherwise it is held and
 * printed whole when the step ends, so the logs of parallel steps do not interleave.
 */
function runStep([name, script, args], { live, background = false }) {
  return new Promise((resolve) => {
    const started = Date.now();
    if (live) console.log(`\n▶ ${name}`);
    const [command = process.execPath, ...commandArgs] = [
      ...(background ? lowPriority : []),
      process.execPath,
      script,
      ...args,
    ];
    const child = spawn(command, commandArgs, {
      cwd: root,
      stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    const output = [];
    child.stdout?.on('data', (chunk) => output.push(chunk));
    child.stderr?.on('data', (chunk) => output.push(chunk));
    child.on('close', (code) => {
      running.delete(child);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (!live) {
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
const chosen = (steps) =>
  steps.filter(([name]) => !only.length || only.some((word) => name.includes(word)));
const runStarted = Date.now();

/** Ends the run with `status`, stopping any step still running. */
function fail(status) {
  for (const child of running) child.kill('SIGTERM');
  process.exit(status);
}

/** Resolves when every step has passed; the first failure ends the run at once. */
function allPass(statuses) {
  return Promise.all(
    statuses.map((status) =>
      status.then((code) => {
        if (code !== 0) fail(code);
      }),
    ),
  );
}

const testGroups = groups.map(chosen).filter((steps) => steps.length > 0);
const checkSteps = chosen(checks);
// With no test step chosen, the checks run alone: at full priority, as before.
const checksDone = allPass(
  checkSteps.map((step) =>
    runStep(step, {
      live: checkSteps.length === 1 && testGroups.length === 0,
      background: testGroups.length > 0,
    }),
  ),
);
for (const steps of testGroups) {
  const alone = steps.length === 1;
  await allPass(steps.map((step) => runStep(step, { live: alone })));
}
await checksDone;
console.log(`\nAll checks passed (${((Date.now() - runStarted) / 1000).toFixed(1)} s).`);
