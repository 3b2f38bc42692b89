import { describe, expect, it } from 'vitest';
import { createI18n, loadNamespaces } from './i18n';

describe('loadNamespaces', () => {
  it('loads a page’s catalogue asked for while the instance is still starting', async () => {
    // main.tsx creates the router (whose routes load their catalogues) while i18n starts.
    const starting = createI18n('zh-CN');
    await loadNamespaces('detail');
    const instance = await starting;
    expect(instance.hasLoadedNamespace('detail')).toBe(true);
    expect(instance.getFixedT(null, 'detail')('parent', { parent: 'x' })).not.toBe('parent');
  });
});
