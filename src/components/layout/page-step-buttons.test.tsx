import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PageStepButtons } from './page-step-buttons';

const markup = (offset: number, busy?: boolean) =>
  renderToStaticMarkup(
    <PageStepButtons
      offset={offset}
      pageSize={20}
      total={45}
      busy={busy}
      onOffset={() => undefined}
      back="Newer"
      on="Older"
    />,
  );

describe('PageStepButtons', () => {
  it('writes the two buttons the pagers wrote before, each off where it would leave the rows', () => {
    expect(markup(0)).toBe(
      '<button type="button" class="button" disabled="">Newer</button>' +
        '<button type="button" class="button">Older</button>',
    );
    expect(markup(20)).toBe(
      '<button type="button" class="button">Newer</button>' +
        '<button type="button" class="button">Older</button>',
    );
    expect(markup(40)).toBe(
      '<button type="button" class="button">Newer</button>' +
        '<button type="button" class="button" disabled="">Older</button>',
    );
  });

  it('turns both off while a page is fetched', () => {
    expect(markup(20, true)).toBe(
      '<button type="button" class="button" disabled="">Newer</button>' +
        '<button type="button" class="button" disabled="">Older</button>',
    );
  });
});
