// The simulator's basic-image pool seen through the end-of-life table: its OS names and versions
// are spelled as HSS spells them, so this checks the normalisation on realistic input too, and
// shows which clocks give the base-images page every status to display.
import { describe, expect, it } from 'vitest';
import { basicImagePool } from '../../simulator/estate';
import { classifyEndOfLife, normaliseOsFamily } from './end-of-life';

const FAMILIES_WITHOUT_DATES = new Set(['openeuler', 'euleros', 'hce', 'anolis']);

function statusesAt(isoDate: string): Set<string> {
  const now = Date.parse(`${isoDate}T12:00:00Z`);
  return new Set(
    basicImagePool().map((entry) => classifyEndOfLife(entry.os_name, entry.os_version, now).status),
  );
}

describe('the simulator pool through the end-of-life table', () => {
  it('has a table family for every base, and a date for all but the families without one', () => {
    const now = Date.parse('2026-12-06T12:00:00Z');
    for (const entry of basicImagePool()) {
      const label = `${entry.os_name} ${entry.os_version}`;
      const family = normaliseOsFamily(entry.os_name);
      expect(family, label).not.toBeNull();
      const answer = classifyEndOfLife(entry.os_name, entry.os_version, now);
      if (FAMILIES_WITHOUT_DATES.has(family ?? '')) expect(answer.status, label).toBe('unknown');
      else expect(answer.eolDate, label).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('shows end-of-life, supported and unknown bases today, and ending ones at nearby clocks', () => {
    expect([...statusesAt('2026-12-06')].sort()).toEqual(['eol', 'supported', 'unknown']);
    // Ubuntu 22.04's standard support ends 2027-04-01; Alpine 3.22's on 2027-05-01.
    expect(statusesAt('2027-02-01')).toEqual(new Set(['eol', 'ending', 'supported', 'unknown']));
    expect(statusesAt('2027-03-15').has('ending')).toBe(true);
  });
});
