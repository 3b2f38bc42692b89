// The failed scan badge's tooltip reads in the user's language: HSS's meaning and advice from the
// `detail` catalogue (the drawer's words), not the contracts' English.
import { describe, expect, it } from 'vitest';
import { translatorsLoadedBeforeAll } from '../../i18n/test-translators';
import zhDetail from '../../i18n/locales/zh-CN/detail.json';
import { describeScanFailure } from './scan-status-badge';

const { zh, en } = translatorsLoadedBeforeAll('detail');

describe('describeScanFailure', () => {
  it('says a known failure code in Chinese, meaning then advice (no space between sentences)', () => {
    const { meaning, advice } = zhDetail.scanFailure.image_over_sized;
    expect(describeScanFailure('image_over_sized', 'image over sized', zh)).toBe(
      `${meaning}${advice}`,
    );
    expect(meaning).toMatch(/[\u4e00-\u9fff]/);
  });

  it('says it in English for English readers', () => {
    expect(describeScanFailure('image_over_sized', '', en)).toBe(
      'The image is too large and cannot be scanned. Reduce the image size.',
    );
  });

  it("keeps HSS's own description for a code it does not know, and nothing when there is none", () => {
    expect(describeScanFailure('some_new_code', 'Something new happened', zh)).toBe(
      'Something new happened',
    );
    expect(describeScanFailure('', '', zh)).toBeUndefined();
  });
});
