// The simulator's request checks, case by case from the vendor tables (seeds 001 and 003), and
// proof that they are its own code rather than the BFF's schemas.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateCicdImagesQuery, validateRegistryImagesQuery } from './validate';

type Validate = typeof validateRegistryImagesQuery;

function accepts(validate: Validate, field: string, value: string): boolean {
  return validate(new URLSearchParams({ [field]: value })).ok;
}

function refusal(validate: Validate, params: Record<string, string>) {
  const parsed = validate(new URLSearchParams(params));
  return parsed.ok ? undefined : parsed.issue;
}

const LONG_MAX = '9223372036854775807';
const LONG_PAST_MAX = '9223372036854775808';

/** [field, accepted values, refused values] for rows both tables share with the same range. */
const SHARED_ROWS: [string, string[], string[]][] = [
  ['enterprise_project_id', ['0', 'all_granted_eps', 'x'.repeat(256)], ['', 'x'.repeat(257)]],
  ['namespace', ['a', 'x'.repeat(128)], ['', 'x'.repeat(129)]],
  ['image_name', ['a', 'x'.repeat(128)], ['', 'x'.repeat(129)]],
  ['image_version', ['a', 'x'.repeat(64)], ['', 'x'.repeat(65)]],
  ['offset', ['0', '2000000'], ['-1', '2000001', '1.5', 'ten', '']],
  ['sort_key', ['latest_scan_time'], ['latest_update_time', 'id', '']],
  ['sort_dir', ['asc', 'desc'], ['ASC', 'up', '']],
  ['latest_version', ['true', 'false'], ['1', 'yes', '']],
  ['image_size', ['0', '2147483547'], ['2147483548', '-1', '']],
  [
    'scan_status',
    ['unscan', 'success', 'scanning', 'failed', 'waiting_for_scan'],
    ['download_failed', 'image_oversized', ''],
  ],
  [
    'start_latest_update_time',
    ['0', '9007199254740993', LONG_MAX],
    [LONG_PAST_MAX, '-1', '1e3', ''],
  ],
  ['end_latest_update_time', ['0', LONG_MAX], [LONG_PAST_MAX, '']],
  ['start_latest_scan_time', ['0', LONG_MAX], [LONG_PAST_MAX, '']],
  ['end_latest_scan_time', ['0', LONG_MAX], [LONG_PAST_MAX, '']],
  ['has_malicious_file', ['true', 'false'], ['0', '']],
  ['has_unsafe_setting', ['true', 'false'], ['0', '']],
  ['has_vul', ['true', 'false'], ['0', '']],
  ['risky', ['true', 'false'], ['0', '']],
  ['severity_level', ['Security', 'Low', 'Medium', 'High'], ['high', 'Critical', '']],
];

describe('ListRegistryImages query (seed 001, Table 2)', () => {
  const rows: [string, string[], string[]][] = [
    ...SHARED_ROWS,
    ['registry_name', ['a', 'x'.repeat(128)], ['', 'x'.repeat(129)]],
    ['limit', ['1', '200'], ['0', '201', '']],
    [
      'image_type',
      ['private_image', 'shared_image', 'instance_image', 'harbor', 'jfrog'],
      ['cicd', ''],
    ],
    ['start_latest_sync_time', ['0', LONG_MAX], [LONG_PAST_MAX, '']],
    ['end_latest_sync_time', ['0', LONG_MAX], [LONG_PAST_MAX, '']],
    ['instance_id', ['', 'x'.repeat(128)], ['x'.repeat(129)]],
    ['instance_name', ['', 'x'.repeat(128)], ['x'.repeat(129)]],
    ['is_multarch', ['true', 'false'], ['multi', '']],
  ];
  it.each(rows)(
    '%s: in range accepted, out of range refused naming the field',
    (field, good, bad) => {
      for (const value of good)
        expect(accepts(validateRegistryImagesQuery, field, value)).toBe(true);
      for (const value of bad) {
        expect(refusal(validateRegistryImagesQuery, { [field]: value })?.field).toBe(field);
      }
    },
  );

  it('refuses parameters the table does not list (cicd_name is ListCicdImages only)', () => {
    expect(refusal(validateRegistryImagesQuery, { cicd_name: 'x' })?.field).toBe('cicd_name');
    expect(refusal(validateRegistryImagesQuery, { image_id: 'x' })?.field).toBe('image_id');
    expect(refusal(validateRegistryImagesQuery, { q: 'x' })?.field).toBe('q');
  });

  it('refuses start after end: "must be earlier than or equal to end_..."', () => {
    for (const name of ['latest_update_time', 'latest_scan_time', 'latest_sync_time']) {
      const issue = refusal(validateRegistryImagesQuery, {
        [`start_${name}`]: '9007199254740993',
        [`end_${name}`]: '9007199254740992',
      });
      expect(issue?.field).toBe(`start_${name}`);
    }
    expect(accepts(validateRegistryImagesQuery, 'start_latest_scan_time', '9007199254740993')).toBe(
      true,
    );
  });

  it('keeps 64-bit bounds as exact decimal strings', () => {
    const parsed = validateRegistryImagesQuery(
      new URLSearchParams({ start_latest_scan_time: '9007199254740993', limit: '5' }),
    );
    expect(parsed.ok && parsed.value).toEqual({
      start_latest_scan_time: '9007199254740993',
      limit: 5,
    });
  });
});

describe('ListCicdImages query (seed 003, Table 2)', () => {
  const rows: [string, string[], string[]][] = [
    ...SHARED_ROWS,
    ['limit', ['10', '200'], ['9', '1', '201', '']],
    ['image_id', ['', 'x'.repeat(128)], ['x'.repeat(129)]],
    ['cicd_name', ['', 'x'.repeat(128)], ['x'.repeat(129)]],
  ];
  it.each(rows)(
    '%s: in range accepted, out of range refused naming the field',
    (field, good, bad) => {
      for (const value of good) expect(accepts(validateCicdImagesQuery, field, value)).toBe(true);
      for (const value of bad) {
        expect(refusal(validateCicdImagesQuery, { [field]: value })?.field).toBe(field);
      }
    },
  );

  it('refuses repository-image parameters', () => {
    for (const field of ['registry_name', 'image_type', 'is_multarch', 'start_latest_sync_time']) {
      expect(refusal(validateCicdImagesQuery, { [field]: 'true' })?.field).toBe(field);
    }
  });

  it('puts no order on its time ranges (003 says "Constraints N/A")', () => {
    expect(
      validateCicdImagesQuery(
        new URLSearchParams({ start_latest_scan_time: '20', end_latest_scan_time: '10' }),
      ).ok,
    ).toBe(true);
  });
});

describe('independence from the BFF', () => {
  it('the simulator validates the list queries without the shared query schemas', () => {
    for (const file of ['query.ts', 'server.ts', 'validate.ts']) {
      const source = readFileSync(fileURLToPath(new URL(file, import.meta.url)), 'utf8');
      for (const shared of [
        'ListRegistryImagesQuerySchema',
        'ListCicdImagesQuerySchema',
        'registryImagesQueryShape',
        'cicdImagesQueryShape',
        'checkTimeRanges',
      ]) {
        expect(source, `${file} uses ${shared}`).not.toContain(shared);
      }
    }
  });
});
