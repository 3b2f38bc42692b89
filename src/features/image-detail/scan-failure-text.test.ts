// Every scan-failure reason has its meaning and advice in both languages: English as the
// contracts word it (the badges and the simulator read those), Chinese as HSS words it.
import { describe, expect, it } from 'vitest';
import english from '../../i18n/locales/en/detail.json';
import chineseCatalogue from '../../i18n/locales/zh-CN/detail.json';
import { SCAN_FAILED_CODE_LIST, SCAN_FAILED_CODES } from '../../shared/contracts';

type ScanFailures = Record<string, { meaning: string; advice: string }>;
const scanFailures = (language: 'en' | 'zh-CN'): ScanFailures =>
  (language === 'en' ? english : chineseCatalogue).scanFailure;

describe('scan-failure meanings and advice', () => {
  it('say in English exactly what the contracts say', () => {
    expect(scanFailures('en')).toEqual(SCAN_FAILED_CODES);
  });

  it('say every reason in Chinese, in HSS’s words where HSS has them', () => {
    const chinese = scanFailures('zh-CN');
    expect(Object.keys(chinese).sort()).toEqual([...SCAN_FAILED_CODE_LIST].sort());
    for (const { meaning, advice } of Object.values(chinese)) {
      expect(meaning).toMatch(/[\u4e00-\u9fff]/);
      expect(advice).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(chinese.image_over_sized).toEqual({
      meaning: '镜像大小超限，不支持扫描。',
      advice: '建议精简镜像。',
    });
  });
});
