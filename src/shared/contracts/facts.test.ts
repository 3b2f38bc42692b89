// facts.ts is what the browser's first page imports from the contracts: it must never load zod
// (bench/app.bench.ts bounds that page's JavaScript), directly or through a module it imports.
import { describe, expect, it, vi } from 'vitest';

vi.mock('zod', () => {
  throw new Error('a module of contracts/facts.ts loads zod at run time');
});

describe('contracts facts', () => {
  it('load without zod (zod only as a type)', async () => {
    const facts = await import('./facts');
    expect(facts.API_ROUTES.registryImages).toBe('/api/hss/registry-images');
    expect(facts.SEVERITY_LEVELS).toContain('High');
  });

  it('the contracts as a whole do load zod (the check above can fail)', async () => {
    await expect(import('./bff')).rejects.toHaveProperty(
      'cause.message',
      expect.stringMatching(/loads zod/),
    );
  });
});
