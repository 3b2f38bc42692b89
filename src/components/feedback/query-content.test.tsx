import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { QueryContent, type QueryStateText } from './query-content';

const text = { failed: 'F', loading: 'L', empty: 'E', emptyHint: 'H' };
const query = (data: string[] | undefined) => ({
  data,
  isError: false,
  error: null,
  refetch: () => Promise.resolve(),
});
const render = (data: string[] | undefined, words: QueryStateText = text) =>
  renderToStaticMarkup(
    <QueryContent query={query(data)} text={words} isEmpty={(items) => items.length === 0}>
      {(items) => <ul>{items.join(',')}</ul>}
    </QueryContent>,
  );

describe('QueryContent', () => {
  it.each([
    ['loading, as a status', undefined, '<p class="muted" role="status">L</p>'],
    ['empty, with its hint', [], '<div class="state"><p class="state__title">E</p><p>H</p></div>'],
    ['the content', ['a', 'b'], '<ul>a,b</ul>'],
  ])('shows %s', (_, data, html) => {
    expect(render(data)).toBe(html);
  });

  it('leaves out the hint of an empty state that has none', () => {
    expect(render([], { ...text, emptyHint: undefined })).toBe(
      '<div class="state"><p class="state__title">E</p></div>',
    );
  });
});
