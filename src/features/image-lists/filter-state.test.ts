import { beforeAll, describe, expect, it } from 'vitest';
import { enumLabeller } from '../../i18n/enum-labels';
import { createFormatters } from '../../i18n/format';
import { createI18n, translatorFor } from '../../i18n/i18n';
import type { Language } from '../../i18n/languages';
import { IMAGE_SIZE_MAX, SCAN_STATUSES_IN_ORDER } from '../../shared/contracts';
import { CICD_LIST } from './lists/cicd';
import { REGISTRY_LIST } from './lists/registry';
import {
  activeFilterChips,
  bytesToSize,
  type ChipWords,
  clearAllPatch,
  fromDateTimeLocal,
  quickRangePatch,
  sizeToBytes,
  toDateTimeLocal,
  toggleListValue,
} from './filter-state';

// Each list's filters, as its configuration declares them.
const FILTERS = { registry: REGISTRY_LIST.filters, cicd: CICD_LIST.filters };

async function chipWordsIn(language: Language): Promise<ChipWords> {
  const i18n = await createI18n(language);
  const t = translatorFor(i18n, 'lists');
  return {
    t,
    enumLabel: enumLabeller(translatorFor(i18n, 'enums'), (key) =>
      i18n.exists(key, { ns: 'enums' }),
    ),
    format: createFormatters(language, translatorFor(i18n, 'common'), ['en-GB']),
  };
}

let en: ChipWords;
let zh: ChipWords;
beforeAll(async () => {
  [en, zh] = await Promise.all([chipWordsIn('en'), chipWordsIn('zh-CN')]);
});

describe('filter definitions', () => {
  it('take text limits from the contracts', () => {
    const namespace = FILTERS.registry.find((f) => f.kind === 'text' && f.param === 'namespace');
    expect(namespace).toMatchObject({ maxLength: 128 });
    const tag = FILTERS.cicd.find((f) => f.kind === 'text' && f.param === 'image_version');
    expect(tag).toMatchObject({ maxLength: 64 });
  });
  it('pick exact namespaces from the facet; the substring has a chip but no control', () => {
    for (const kind of ['registry', 'cicd'] as const) {
      expect(FILTERS[kind].find((f) => f.kind === 'pick')).toMatchObject({
        param: 'namespaces',
        facet: 'namespace',
        suggestParam: 'namespace',
      });
    }
    const chips = activeFilterChips(
      FILTERS.registry,
      { namespaces: 'edge,payments', namespace: 'pay' },
      en,
    );
    expect(chips.map((chip) => chip.text)).toEqual([
      'Namespace: edge',
      'Namespace: payments',
      'Namespace contains: pay',
    ]);
    expect(chips[0]?.remove).toEqual({ namespaces: 'payments' });
    expect(clearAllPatch(FILTERS.registry)).toMatchObject({ namespaces: null, namespace: null });
  });
  it('list severities worst first and scan statuses in the order of a scan', () => {
    const severity = FILTERS.registry.find(
      (f) => f.kind === 'enum' && f.param === 'severity_level',
    );
    expect(severity).toMatchObject({ values: ['High', 'Medium', 'Low', 'Security', 'unrated'] });
    const status = FILTERS.cicd.find((f) => f.kind === 'enum' && f.param === 'scan_status');
    expect(status).toMatchObject({ values: SCAN_STATUSES_IN_ORDER });
    // The order of a scan: waiting, running, then its outcome.
    const at = (value: string) => SCAN_STATUSES_IN_ORDER.indexOf(value as never);
    expect(at('unscan')).toBeLessThan(at('waiting_for_scan'));
    expect(at('waiting_for_scan')).toBeLessThan(at('scanning'));
    expect(at('scanning')).toBeLessThan(at('success'));
    expect(at('success')).toBeLessThan(at('failed'));
  });
  it('offer no sync-time range on the CI/CD list', () => {
    const times = FILTERS.cicd.filter((f) => f.kind === 'time').map((f) => f.name);
    expect(times).toEqual(['latest_update_time', 'latest_scan_time']);
  });
});

describe('filter state', () => {
  it('toggles comma-separated enum values', () => {
    expect(toggleListValue(undefined, 'High')).toBe('High');
    expect(toggleListValue('High', 'unrated')).toBe('High,unrated');
    expect(toggleListValue('High,unrated', 'High')).toBe('unrated');
    expect(toggleListValue('High', 'High')).toBeUndefined();
  });

  it('round-trips local date-times to the minute', () => {
    const epochMs = new Date(2025, 5, 1, 13, 45).getTime();
    expect(fromDateTimeLocal(toDateTimeLocal(epochMs))).toBe(epochMs);
    expect(fromDateTimeLocal('')).toBeUndefined();
  });

  it('writes quick ranges as relative ranges, in words on the chip', () => {
    expect(quickRangePatch('latest_scan_time', '7d')).toEqual({
      latest_scan_time_within: '7d',
      start_latest_scan_time: null,
      end_latest_scan_time: null,
    });
    const chips = activeFilterChips(FILTERS.registry, { latest_scan_time_within: '7d' }, en);
    expect(chips.map((chip) => chip.text)).toEqual(['Last scan: last 7 days']);
    expect(clearAllPatch(FILTERS.registry).latest_scan_time_within).toBeNull();
  });

  it('converts sizes with units and clamps to the contract maximum', () => {
    expect(sizeToBytes('100', 'MB', IMAGE_SIZE_MAX)).toBe(104857600);
    expect(sizeToBytes('3', 'GB', IMAGE_SIZE_MAX)).toBe(IMAGE_SIZE_MAX);
    expect(sizeToBytes('', 'MB', IMAGE_SIZE_MAX)).toBeUndefined();
    expect(sizeToBytes('-1', 'MB', IMAGE_SIZE_MAX)).toBeUndefined();
    expect(bytesToSize(1536 * 1024 * 1024)).toEqual({ amount: '1.5', unit: 'GB' });
    expect(bytesToSize(512)).toEqual({ amount: '0.5', unit: 'KB' });
  });

  it('makes one removable chip per active value and clears them all', () => {
    const record = { severity_level: 'High,unrated', has_vul: 'false', q: 'nginx' };
    const chips = activeFilterChips(FILTERS.registry, record, en);
    expect(chips.map((chip) => chip.text)).toEqual([
      'Search: “nginx”',
      'Severity: High risk',
      'Severity: Not rated',
      'No vulnerabilities',
    ]);
    expect(chips[1]?.remove).toEqual({ severity_level: 'unrated' });
    // latest_version=false does not filter upstream, so it is no chip.
    expect(activeFilterChips(FILTERS.registry, { latest_version: 'false' }, en)).toEqual([]);
    const clear = clearAllPatch(FILTERS.registry);
    for (const key of [
      'q',
      'severity_level',
      'has_vul',
      'start_latest_sync_time',
      'max_image_size',
    ])
      expect(clear[key]).toBeNull();
    expect('offset' in clear).toBe(false);
  });
});

describe('filter chips in Chinese', () => {
  it('read in the catalogue words, enum values as the HSS console names them', () => {
    const link = `q=nginx&severity_level=High&scan_status=image_oversized&has_vul=true&latest_scan_time_within=7d&image_size=${100 * 1024 ** 2}`;
    const record = Object.fromEntries(new URLSearchParams(link));
    expect(activeFilterChips(FILTERS.registry, record, zh).map((chip) => chip.text)).toEqual([
      '搜索：“nginx”',
      '扫描状态：镜像超大',
      '风险等级：高危',
      '存在软件漏洞',
      '最近扫描：最近 7 天',
      '镜像大小：≥ 100 MB',
    ]);
  });

  it('show an absolute time with its zone', () => {
    const start = String(Date.UTC(2025, 5, 1, 12, 0));
    const [chip] = activeFilterChips(FILTERS.registry, { start_latest_scan_time: start }, zh);
    expect(chip?.text).toMatch(/^最近扫描：2025年6月1日.* – 现在$/);
    expect(chip?.text).toMatch(/UTC|GMT/);
  });
});

describe('the base-image filters (issue 22)', () => {
  // What a row of the base-images page links to: each parameter shows as a removable chip.
  const fromBaseImagesPage = {
    basic_image_digest: 'sha256:0a1b2c3d4e5f',
    basic_image_os: 'Debian GNU/Linux',
    basic_image_os_version: '9',
    basic_image_eol: 'true',
  };
  it.each(['registry', 'cicd'] as const)('show as chips on the %s list and clear', (kind) => {
    const chips = activeFilterChips(FILTERS[kind], fromBaseImagesPage, en);
    expect(chips.map((chip) => chip.key).sort()).toEqual(
      ['basic_image_digest', 'basic_image_eol', 'basic_image_os', 'basic_image_os_version'].sort(),
    );
    expect(chips.map((chip) => chip.text)).toEqual(
      expect.arrayContaining([
        'Base OS: Debian GNU/Linux',
        'Base OS version: 9',
        'Base layer: sha256:0a1b2c3d4e5f',
        'On an end-of-life base',
      ]),
    );
    for (const chip of chips) expect(Object.values(chip.remove)).toEqual([null]);
    const cleared = clearAllPatch(FILTERS[kind]);
    for (const param of Object.keys(fromBaseImagesPage)) expect(cleared[param]).toBeNull();
  });
  it('read in Chinese', () => {
    const chips = activeFilterChips(FILTERS.registry, fromBaseImagesPage, zh);
    expect(chips.map((chip) => chip.text)).toContain('基础镜像操作系统：Debian GNU/Linux');
  });
  it('offer controls for OS, version and end of life; the digest only as a chip', () => {
    const byParam = (param: string) =>
      FILTERS.registry.find((filter) => 'param' in filter && filter.param === param);
    expect(byParam('basic_image_os')).toMatchObject({ kind: 'text', maxLength: 256 });
    expect(byParam('basic_image_os_version')).toMatchObject({ kind: 'text' });
    expect(byParam('basic_image_digest')).toMatchObject({ kind: 'text', chipOnly: true });
    expect(byParam('basic_image_eol')).toMatchObject({ kind: 'boolean', onlyTrue: true });
  });
});
