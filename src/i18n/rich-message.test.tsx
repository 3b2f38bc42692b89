import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, Trans } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { createI18n, type Namespace } from './i18n';
import { LANGUAGES } from './languages';
import { RichMessage, renderTags } from './rich-message';

const html = (text: string, elements: Record<string, ReactElement>) =>
  renderToStaticMarkup(<>{renderTags(text, elements)}</>);

describe('renderTags', () => {
  it.each([
    ['plain text', 'no tags here', 'no tags here'],
    ['a tag', 'Synced <time>3 min ago</time>.', 'Synced <time>3 min ago</time>.'],
    ['nested tags', '<b>a <i>b</i> c</b>', '<b>a <i>b</i> c</b>'],
    ['a tag with no element, as text', '<x>y</x> <b>z</b>', '&lt;x&gt;y&lt;/x&gt; <b>z</b>'],
    ['a tag never closed, as text', 'a <b>bold', 'a &lt;b&gt;bold'],
    ['a stray closing tag, as text', 'a </b> c', 'a &lt;/b&gt; c'],
  ])('renders %s', (_, text, expected) => {
    expect(html(text, { b: <b />, i: <i />, time: <time /> })).toBe(expected);
  });

  it("keeps the element's own attributes", () => {
    expect(html('see <open>#12</open>', { open: <button type="button" title="t" /> })).toBe(
      'see <button type="button" title="t">#12</button>',
    );
  });
});

// The same markup as react-i18next's <Trans>, which it replaces, for the app's tagged messages.
const MESSAGES: Array<[Namespace, string, Record<string, unknown>, Record<string, ReactElement>]> =
  [
    ['lists', 'page.total', { n: 1234, count: '1,234' }, { strong: <strong /> }],
    ['lists', 'page.matching', { n: 1, count: '1' }, { strong: <strong /> }],
    ['sync', 'syncedAgo', { ago: '3 min ago' }, { time: <time dateTime="x" /> }],
    ['common', 'demo.banner', {}, { strong: <strong /> }],
    ['common', 'feedback.requestId', { requestId: 'r-1' }, { code: <code /> }],
  ];

describe.each(LANGUAGES)('RichMessage in %s', (language) => {
  it.each(MESSAGES)('renders %s:%s as <Trans> does', async (ns, key, values, components) => {
    const i18n = await createI18n(language);
    await i18n.loadNamespaces(ns);
    const render = (node: ReactElement) =>
      renderToStaticMarkup(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>);
    const ours = render(
      <RichMessage ns={ns} i18nKey={key} values={values} components={components} />,
    );
    const theirs = render(
      <Trans t={i18n.getFixedT(null, ns)} i18nKey={key} values={values} components={components} />,
    );
    expect(ours).toBe(theirs);
    expect(ours).toMatch(/<(strong|time|code)/);
  });
});

it('renders the sign-in link inside its element (<Trans> took <link> for a void HTML element)', async () => {
  const i18n = await createI18n('en');
  const markup = renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <RichMessage
        i18nKey="feedback.signInBody"
        values={{ origin: 'http://127.0.0.1:8080' }}
        components={{ link: <code />, command: <code /> }}
      />
    </I18nextProvider>,
  );
  expect(markup).toContain('looks like <code>http://127.0.0.1:8080/?token=…</code> and appears');
  expect(markup).toContain('<code>npm start</code>');
});
