import { beforeAll, describe, expect, it } from 'vitest';
import { EXACT_TIME_OPTIONS } from '../lib/format';
import { createFormatters, englishLocale, formattersFor, type Formatters } from './format';
import { createI18n, translatorFor } from './i18n';

const NOW = Date.UTC(2025, 0, 10, 12, 0, 0);

let en: Formatters;
let zh: Formatters;
beforeAll(async () => {
  en = createFormatters('en', translatorFor(await createI18n('en'), 'common'));
  zh = createFormatters('zh-CN', translatorFor(await createI18n('zh-CN'), 'common'));
});

describe('English', () => {
  it('keeps the compact forms the product has always used', () => {
    expect(en.number(20_000)).toBe('20,000');
    expect(en.bytes(1536)).toBe('1.5 KB');
    expect(en.duration(3 * 60_000)).toBe('3 min');
    expect(en.relativeTime(NOW - 3 * 3_600_000, NOW)).toBe('3 h ago');
    expect(en.relativeTime(NOW - 2_000, NOW)).toBe('just now');
  });

  it("writes dates the way the browser's English does", () => {
    expect(englishLocale(['zh-CN', 'en-GB', 'en-US'])).toBe('en-GB');
    expect(englishLocale(['zh-CN', 'en'])).toBe('en-US');
    expect(createFormatters('en', (key) => key, ['en-GB']).locale).toBe('en-GB');
  });
});

describe('Simplified Chinese', () => {
  it('formats numbers and sizes for zh-CN', () => {
    expect(zh.locale).toBe('zh-CN');
    expect(zh.number(1_234_567)).toBe(new Intl.NumberFormat('zh-CN').format(1_234_567));
    expect(zh.bytes(10.25 * 1024 * 1024)).toBe('10.3 MB');
    expect(zh.bytes(-1)).toBe('—');
  });

  it('says durations and relative times in Chinese, through Intl', () => {
    expect(zh.duration(45_000)).toBe('45秒');
    expect(zh.duration(3 * 60_000)).toBe('3分钟');
    expect(zh.duration(2 * 3_600_000)).toBe('2小时');
    expect(zh.relativeTime(NOW - 3 * 3_600_000, NOW)).toBe('3小时前');
    expect(zh.relativeTime(NOW + 5 * 60_000, NOW)).toBe('5分钟后');
    expect(zh.relativeTime(NOW - 5 * 86_400_000, NOW)).toBe('5天前');
    expect(zh.relativeTime(NOW - 2_000, NOW)).toBe('刚刚');
  });

  it('shows the time zone with an absolute time', () => {
    const date = new Date(Date.UTC(2025, 5, 1, 12, 0, 0));
    const zone = new Intl.DateTimeFormat('zh-CN', EXACT_TIME_OPTIONS)
      .formatToParts(date)
      .find((part) => part.type === 'timeZoneName')?.value;
    // The short zone name: UTC, or an offset from GMT (GMT+8 for Asia/Shanghai).
    expect(zone).toMatch(/^(UTC|GMT(?:[+-]\d{1,2}(?::\d{2})?)?|[A-Z]{3,5})$/);
    expect(zh.exactTime(date.getTime())).toContain(zone);
    expect(zh.exactTime(date.getTime())).toMatch(/2025年6月/);
  });

  it('spells a time no Date can hold in Chinese, every digit kept', () => {
    expect(zh.exactTime('9007199254740993')).toBe('1970-01-01 UTC 之后 9007199254740993 毫秒');
    expect(en.exactTime('9007199254740993')).toBe('9007199254740993 ms after 1970-01-01 UTC');
  });
});

// Every table cell formats: one set of Intl formatters per instance and language, not per cell.
describe('formattersFor', () => {
  it('shares one set per i18next instance, language and preferred locales', async () => {
    const instance = await createI18n('zh-CN');
    const t = translatorFor(instance, 'common');
    const first = formattersFor(instance.store, 'zh-CN', t, ['zh-CN']);
    expect(formattersFor(instance.store, 'zh-CN', t, ['zh-CN'])).toBe(first);
    expect(formattersFor(instance.store, 'en', t, ['zh-CN'])).not.toBe(first);
    expect(formattersFor(instance.store, 'zh-CN', t, ['en-GB'])).not.toBe(first);
    expect(formattersFor({}, 'zh-CN', t, ['zh-CN'])).not.toBe(first);
    expect(first.relativeTime(NOW - 2_000, NOW)).toBe('刚刚');
  });
});
