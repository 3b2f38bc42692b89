import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ClearFiltersButton, DayFilter, FilterBar, SelectFilter, TextFilter } from './filter-bar';

const noop = () => undefined;

describe('filter fields', () => {
  it('wrap their control in their label, so the label names it', () => {
    const html = renderToStaticMarkup(<DayFilter label="From" value="" onChange={noop} />);
    expect(html).toMatch(/^<label class="filter-bar__field"><span>From<\/span><input type="date"/);
  });

  it('offer text suggestions through a datalist the input names', () => {
    const html = renderToStaticMarkup(
      <TextFilter label="OS" value="" suggestions={['Alpine', 'Ubuntu']} onCommit={noop} />,
    );
    const list = /list="([^"]+)"/.exec(html)?.[1];
    expect(list).toBeDefined();
    expect(html).toContain(`<datalist id="${list}"><option value="Alpine"></option>`);
  });

  it('put "any" first in a select only when it is offered', () => {
    const props = {
      label: 'Action',
      value: '',
      options: ['a', 'b'],
      optionLabel: (o: string) => o,
    };
    const withAny = renderToStaticMarkup(
      <SelectFilter {...props} anyLabel="Any" onChange={noop} />,
    );
    const without = renderToStaticMarkup(<SelectFilter {...props} onChange={noop} />);
    expect(withAny).toContain('<option value="" selected="">Any</option><option value="a">');
    expect(without).not.toContain('<option value=""');
  });

  it('make a search landmark or a labelled section', () => {
    expect(
      renderToStaticMarkup(
        <FilterBar label="Filters" isSearch>
          x
        </FilterBar>,
      ),
    ).toBe('<div class="filter-bar" role="search" aria-label="Filters">x</div>');
    expect(renderToStaticMarkup(<FilterBar label="Filters">x</FilterBar>)).toBe(
      '<section class="filter-bar" aria-label="Filters">x</section>',
    );
  });
});

describe('ClearFiltersButton', () => {
  it('shows its label while a filter is set, and nothing otherwise', () => {
    expect(
      renderToStaticMarkup(<ClearFiltersButton clear={{ label: 'Clear', onClear: noop }} />),
    ).toBe('<button type="button" class="button">Clear</button>');
    expect(renderToStaticMarkup(<ClearFiltersButton clear={undefined} />)).toBe('');
  });
});
