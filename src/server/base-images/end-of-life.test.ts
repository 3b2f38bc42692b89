import { describe, expect, it } from 'vitest';
import { BASE_IMAGE_EOL_STATUSES } from '../../shared/contracts/base-images-facts';
import {
  END_OF_LIFE_TABLE,
  EOL_STATUSES,
  classifyEndOfLife,
  normaliseOsFamily,
} from './end-of-life';

const DAY_MS = 86_400_000;
/** Noon UTC of a day, so that a classification cannot depend on the hour. */
const noonOf = (isoDate: string): number => Date.parse(`${isoDate}T12:00:00Z`);
const daysBefore = (isoDate: string, days: number): number => noonOf(isoDate) - days * DAY_MS;

describe('classifyEndOfLife on fixed dates', () => {
  // Debian 11: LTS ends 2026-08-31 (the table's last day of support).
  it('is supported 91 days before the end, ending from 90 days to the day itself, eol the day after', () => {
    const at = (now: number) => classifyEndOfLife('Debian GNU/Linux', '11', now).status;
    expect(at(daysBefore('2026-08-31', 91))).toBe('supported');
    expect(at(daysBefore('2026-08-31', 90))).toBe('ending');
    expect(at(daysBefore('2026-08-31', 1))).toBe('ending');
    expect(at(noonOf('2026-08-31'))).toBe('ending');
    expect(at(noonOf('2026-09-01'))).toBe('eol');
  });

  it('counts whole UTC days: the first and last millisecond of a day agree', () => {
    const start = Date.parse('2026-06-02T00:00:00Z'); // 90 days before 2026-08-31
    const end = Date.parse('2026-06-01T23:59:59.999Z'); // 91 days before
    expect(classifyEndOfLife('debian', '11', start).status).toBe('ending');
    expect(classifyEndOfLife('debian', '11', end).status).toBe('supported');
  });

  it('answers the date and its source', () => {
    expect(classifyEndOfLife('CentOS Linux', '7.9.2009', noonOf('2026-12-06'))).toEqual({
      status: 'eol',
      eolDate: '2024-06-30',
      source: 'https://www.centos.org/centos-linux-eol/',
    });
    const ubuntu = classifyEndOfLife('Ubuntu', '24.04', noonOf('2026-12-06'));
    expect(ubuntu).toMatchObject({ status: 'supported', eolDate: '2029-05-31' });
    expect(ubuntu.source).toMatch(/^https:\/\/ubuntu\.com\//);
  });
});

describe('name and version normalisation', () => {
  const NOW = noonOf('2026-12-06');
  const cases: readonly (readonly [string, string, string])[] = [
    // [os_name as HSS or a release file says it, os_version, the table's end-of-life date]
    ['Debian GNU/Linux', '11.7', '2026-08-31'],
    ['debian', '12 (bookworm)', '2028-06-30'],
    ['Debian', 'buster', '2024-06-30'],
    ['Ubuntu', '22.04.3 LTS', '2027-04-01'],
    ['ubuntu', 'jammy', '2027-04-01'],
    ['CentOS Linux', '7.9.2009', '2024-06-30'],
    ['CentOS', '8.5.2111', '2021-12-31'],
    ['CentOS Stream', '9', '2027-05-31'],
    ['Red Hat Enterprise Linux', '8.9', '2029-05-31'],
    ['Red Hat Enterprise Linux Server', '7.9', '2024-06-30'],
    ['RHEL', '9.3', '2032-05-31'],
    ['Rocky Linux', '9.3', '2032-05-31'],
    ['AlmaLinux', '8.10', '2029-05-31'],
    ['Alpine Linux', '3.18.4', '2025-05-09'],
    ['Alpine', 'v3.12', '2022-05-01'],
    ['Amazon Linux', '2', '2026-06-30'],
    ['Amazon Linux', '2023.5.20240624', '2029-06-30'],
    ['SLES', '15-SP5', '2024-12-31'],
    ['SUSE Linux Enterprise Server', '15 SP7', '2031-07-31'],
    ['SLES', '12.5', '2024-10-31'],
    ['Alibaba Cloud Linux', '3.2104 LTS 64bit', '2031-03-31'],
    ['Aliyun Linux', '2.1903', '2024-03-31'],
    ['Distroless', 'debian12', '2028-06-30'],
  ];
  it.each(cases)('%s %s → %s', (osName, osVersion, eolDate) => {
    expect(classifyEndOfLife(osName, osVersion, NOW).eolDate).toBe(eolDate);
  });

  it('maps each family name HSS may report to one table family', () => {
    const names: Record<string, string> = {
      'Debian GNU/Linux': 'debian',
      Ubuntu: 'ubuntu',
      'CentOS Linux': 'centos',
      'CentOS Stream': 'centos-stream',
      'Red Hat Enterprise Linux': 'rhel',
      'Rocky Linux': 'rocky',
      AlmaLinux: 'almalinux',
      'Alpine Linux': 'alpine',
      'Amazon Linux': 'amazon-linux',
      openEuler: 'openeuler',
      EulerOS: 'euleros',
      'Huawei Cloud EulerOS': 'hce',
      HCE: 'hce',
      'Alibaba Cloud Linux': 'alibaba-cloud-linux',
      'Aliyun Linux': 'alibaba-cloud-linux',
      'Anolis OS': 'anolis',
      SLES: 'sles',
      'SUSE Linux Enterprise Server': 'sles',
    };
    for (const [name, family] of Object.entries(names)) {
      expect(normaliseOsFamily(name), name).toBe(family);
      expect(END_OF_LIFE_TABLE.families[family], family).toBeDefined();
    }
    expect(normaliseOsFamily('openSUSE Leap')).toBeNull();
  });

  it('is unknown, without a date, for a family or version not in the table', () => {
    expect(classifyEndOfLife('Windows', '10', NOW)).toEqual({ status: 'unknown', eolDate: null });
    expect(classifyEndOfLife('Debian', '99', NOW)).toEqual({ status: 'unknown', eolDate: null });
    expect(classifyEndOfLife('Alpine', 'edge', NOW).status).toBe('unknown');
    expect(classifyEndOfLife('Distroless', 'static', NOW).status).toBe('unknown');
  });

  it('is unknown for the families whose vendors publish no date yet, naming where it looked', () => {
    for (const [name, version] of [
      ['openEuler', '22.03 LTS SP3'],
      ['EulerOS', '2.0 (SP10)'],
      ['Huawei Cloud EulerOS', '2.0'],
      ['Anolis OS', '8.8'],
    ] as const) {
      const answer = classifyEndOfLife(name, version, NOW);
      expect(answer.status, name).toBe('unknown');
      expect(answer.eolDate).toBeNull();
      expect(answer.source, name).toMatch(/^https:\/\//);
    }
  });
});

describe('the end-of-life table', () => {
  const isDate = (value: string): boolean =>
    /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

  it('has the statuses of the contracts', () => {
    expect(EOL_STATUSES).toEqual(BASE_IMAGE_EOL_STATUSES);
    expect([...EOL_STATUSES]).toEqual(['supported', 'ending', 'eol', 'unknown']);
  });

  it('gives every entry a source URL and a retrieved date, and every date parses', () => {
    const families = Object.entries(END_OF_LIFE_TABLE.families);
    expect(families.length).toBeGreaterThanOrEqual(15);
    for (const [key, family] of families) {
      if (family.versions.length === 0) {
        expect(family.source, key).toMatch(/^https:\/\/\S+$/);
        expect(isDate(family.retrieved ?? ''), key).toBe(true);
      }
      for (const entry of family.versions) {
        const label = `${key} ${entry.version}`;
        expect(entry.source, label).toMatch(/^https:\/\/\S+$/);
        expect(isDate(entry.retrieved), label).toBe(true);
        if (entry.eol !== undefined) expect(isDate(entry.eol), label).toBe(true);
        if (entry.extended) {
          expect(isDate(entry.extended.until), label).toBe(true);
          expect(entry.extended.until >= (entry.eol ?? ''), label).toBe(true);
          expect(entry.extended.programme, label).not.toBe('');
        }
      }
      expect(new Set(family.versions.map((entry) => entry.version)).size, key).toBe(
        family.versions.length,
      );
    }
  });

  it('covers the families issue 22 names', () => {
    for (const family of [
      'debian',
      'ubuntu',
      'centos',
      'centos-stream',
      'rhel',
      'rocky',
      'almalinux',
      'alpine',
      'amazon-linux',
      'openeuler',
      'euleros',
      'hce',
      'alibaba-cloud-linux',
      'anolis',
      'sles',
    ]) {
      expect(END_OF_LIFE_TABLE.families[family], family).toBeDefined();
    }
  });
});
