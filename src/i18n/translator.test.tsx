import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useEnumLabel } from './enum-labels';
import { useFormatters } from './format';
import { createI18n } from './i18n';
import { fixedTranslator, useFixedT } from './translator';

function Cell({ bytes }: { bytes: number }) {
  const t = useFixedT('table');
  const format = useFormatters();
  const label = useEnumLabel();
  return (
    <span>
      {t('cells.yes')}|{t('cells.bytes', { count: format.number(bytes) })}|
      {label('severity', 'High')}
    </span>
  );
}

describe('useFixedT', () => {
  // The formatters read the browser's languages.
  beforeEach(() => vi.stubGlobal('navigator', { languages: ['en-US'] }));
  afterEach(() => vi.unstubAllGlobals());

  it('translates in the language of the instance the tree is given, with its formatters', async () => {
    const en = await createI18n('en');
    const zh = await createI18n('zh-CN');
    const render = (instance: typeof en) =>
      renderToStaticMarkup(
        <I18nextProvider i18n={instance}>
          <Cell bytes={1234} />
        </I18nextProvider>,
      );
    expect(render(en)).toBe('<span>Yes|1,234 bytes|High risk</span>');
    expect(render(zh)).toBe('<span>是|1,234 字节|高危</span>');
  });
});

describe('fixedTranslator', () => {
  it('makes one lookup per instance, language and namespace, and follows a language change', async () => {
    const instance = await createI18n('en');
    const english = fixedTranslator(instance, instance.language, 'table');
    // Shared: every cell of a table gets the same function instead of making its own.
    expect(fixedTranslator(instance, 'en', 'table')).toBe(english);
    expect(fixedTranslator(instance, 'en', 'lists')).not.toBe(english);
    await instance.changeLanguage('zh-CN');
    const chinese = fixedTranslator(instance, instance.language, 'table');
    expect(chinese).not.toBe(english);
    expect(chinese('cells.yes')).toBe('是');
    expect(english('cells.yes')).toBe('Yes');
  });
});
