import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PageHeader } from './page-header';

describe('PageHeader', () => {
  it('writes the markup the pages styled before it (title and lead, then what stands beside)', () => {
    expect(
      renderToStaticMarkup(
        <PageHeader title="Audit" lead="Who did what">
          <a href="/x">Export</a>
        </PageHeader>,
      ),
    ).toBe(
      '<header class="page-header"><div><h1>Audit</h1>' +
        '<p class="page-header__lead">Who did what</p></div><a href="/x">Export</a></header>',
    );
  });

  it('adds the lead’s own classes', () => {
    expect(
      renderToStaticMarkup(<PageHeader title="Rule" lead="a · b" leadClassName="rules__summary" />),
    ).toContain('<p class="page-header__lead rules__summary">a · b</p>');
  });
});
