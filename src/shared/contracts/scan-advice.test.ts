// Issue 18: "Retry the scan" must say where, since Imagewatch only reads scan results.
import { describe, expect, it } from 'vitest';
import { SCAN_FAILED_CODES } from './enums';

describe('scan failure advice', () => {
  it('says where to retry a scan', () => {
    const retries = Object.values(SCAN_FAILED_CODES).filter(({ advice }) =>
      advice.startsWith('Retry the scan'),
    );
    expect(retries.length).toBeGreaterThan(0);
    for (const { advice } of retries) expect(advice).toContain('in the HSS console');
  });
});
