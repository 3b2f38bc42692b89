import { describe, expect, it } from 'vitest';
import { CICD_LIST, REGISTRY_LIST } from '../../features/image-lists';
import { loadListSchemas } from './image-list-routes';

// A list page that suspended on its URL schema would ask for its rows only once React reveals it,
// up to 300 ms later (src/app/router.tsx loads them before the page renders).
describe('loadListSchemas', () => {
  it('leaves both lists reading their URL schema without suspending', async () => {
    await loadListSchemas();
    for (const config of [REGISTRY_LIST, CICD_LIST]) {
      // React's `use` answers at once for a promise marked fulfilled.
      expect(config.querySchema.load()).toMatchObject({ status: 'fulfilled' });
      expect(config.querySchema.loaded).toBeDefined();
    }
  });
});
