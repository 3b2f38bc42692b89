// scripts/check-eol-data.mjs: the refresh helper for the end-of-life table (README, "End-of-life
// data"). Run on fixed dates so that what it reports follows from the table alone.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function check(...args: string[]): { status: number | null; stdout: string } {
  const run = spawnSync(process.execPath, ['scripts/check-eol-data.mjs', ...args], {
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout };
}

describe('check-eol-data', () => {
  it('lists releases ending within 90 days and families without dates', () => {
    const { status, stdout } = check('--now', '2027-02-01', '--max-age-days', '365');
    expect(status).toBe(0);
    expect(stdout).toContain('Ubuntu 22.04: ends 2027-04-01 (59 days)');
    expect(stdout).toContain('Retrieved more than 365 days ago: re-check against the source (0)');
    expect(stdout).toMatch(/Families without dates \(\d+\)\n {2}openEuler/);
  });

  it('names stale entries, and with --strict fails so that a scheduled job asks for a refresh', () => {
    const lenient = check('--now', '2030-01-01', '--max-age-days', '180');
    expect(lenient.status).toBe(0);
    expect(lenient.stdout).toMatch(/Debian 12: retrieved \d{4}-\d{2}-\d{2} from https:\/\//);
    expect(check('--now', '2030-01-01', '--max-age-days', '180', '--strict').status).toBe(1);
  });

  it('refuses a malformed option', () => {
    expect(check('--max-age-days', 'soon').status).toBe(2);
  });
});
