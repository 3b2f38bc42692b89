import { describe, expect, it } from 'vitest';
import { chooseLanguage, supportedLanguage } from './languages';

describe('supportedLanguage', () => {
  it.each([
    ['zh', 'zh-CN'],
    ['zh-CN', 'zh-CN'],
    ['zh-cn', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['zh-Hans-SG', 'zh-CN'],
    ['en', 'en'],
    ['en-GB', 'en'],
  ])('%s speaks %s', (tag, language) => {
    expect(supportedLanguage(tag)).toBe(language);
  });

  it.each(['zh-TW', 'zh-Hant', 'zh-Hant-HK', 'fr', 'de-DE', '', 'zhx', 'english'])(
    '%s is not a language the app has',
    (tag) => {
      expect(supportedLanguage(tag)).toBeUndefined();
    },
  );
});

describe('chooseLanguage', () => {
  it('follows the browser: its first language the app has, else English', () => {
    expect(chooseLanguage({ query: null, stored: null, preferred: ['zh-CN', 'en'] })).toBe('zh-CN');
    expect(chooseLanguage({ query: null, stored: null, preferred: ['fr', 'zh-Hans', 'en'] })).toBe(
      'zh-CN',
    );
    expect(chooseLanguage({ query: null, stored: null, preferred: ['zh-TW', 'en-US'] })).toBe('en');
    expect(chooseLanguage({ query: null, stored: null, preferred: ['fr', 'de'] })).toBe('en');
    expect(chooseLanguage({ query: null, stored: null, preferred: [] })).toBe('en');
  });

  it('prefers the remembered choice to the browser', () => {
    expect(chooseLanguage({ query: null, stored: 'en', preferred: ['zh-CN'] })).toBe('en');
    expect(chooseLanguage({ query: null, stored: 'zh-CN', preferred: ['en-US'] })).toBe('zh-CN');
  });

  it('lets a link force the language over the remembered choice and the browser', () => {
    expect(chooseLanguage({ query: 'zh-CN', stored: 'en', preferred: ['en-US'] })).toBe('zh-CN');
    expect(chooseLanguage({ query: 'en', stored: 'zh-CN', preferred: ['zh-CN'] })).toBe('en');
  });

  it('ignores a value it does not know, wherever it comes from', () => {
    expect(chooseLanguage({ query: 'klingon', stored: 'zh-CN', preferred: ['en'] })).toBe('zh-CN');
    expect(chooseLanguage({ query: 'klingon', stored: 'xx', preferred: ['zh'] })).toBe('zh-CN');
  });
});
