import { describe, expect, it } from 'vitest';
import { SwrNamespacePathSchema, SwrRepositoryPathSchema } from './swr';

// SWR's naming rules (CreateNamespace, CreateRepo): lower-case letters and digits; ".", "_" and
// "-" (and "/" in repository names) between them, never two in a row, except "__".
describe('SWR names', () => {
  it('accepts every organization name SWR allows', () => {
    for (const name of ['group', 'team__a', 'a.b-c_d', 'scc_hss_container', 'x1', 'a'.repeat(64)]) {
      expect(SwrNamespacePathSchema.safeParse(name).success, name).toBe(true);
    }
  });

  it('refuses names SWR does not allow', () => {
    for (const name of ['', 'Team', 'a___b', 'a._b', 'a-', '_a', 'a/b', 'a'.repeat(65)]) {
      expect(SwrNamespacePathSchema.safeParse(name).success, name).toBe(false);
    }
  });

  it('accepts repository names with "/" and "__"', () => {
    for (const name of ['library/nginx', 'a__b/c', 'nginx']) {
      expect(SwrRepositoryPathSchema.safeParse(name).success, name).toBe(true);
    }
    for (const name of ['a//b', 'a___b', '/a', 'a/']) {
      expect(SwrRepositoryPathSchema.safeParse(name).success, name).toBe(false);
    }
  });
});
