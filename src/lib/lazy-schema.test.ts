import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { isLazySchema, lazySchema } from './lazy-schema';

describe('lazySchema', () => {
  it('loads once, gives the same promise every time and keeps the schema for synchronous readers', async () => {
    const schema = z.string();
    const load = vi.fn(async () => schema);
    const lazy = lazySchema(load);
    expect(load).not.toHaveBeenCalled();
    expect(lazy.loaded).toBeUndefined();
    const first = lazy.load();
    expect(lazy.load()).toBe(first);
    await expect(first).resolves.toBe(schema);
    expect(lazy.loaded).toBe(schema);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('tries again after a failed load (a chunk that could not be fetched)', async () => {
    const schema = z.string();
    const load = vi
      .fn<() => Promise<z.ZodString>>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module'))
      .mockResolvedValueOnce(schema);
    const lazy = lazySchema(load);
    await expect(lazy.load()).rejects.toThrow('Failed to fetch');
    await expect(lazy.load()).resolves.toBe(schema);
  });

  it('tells a lazy schema from a schema', () => {
    expect(isLazySchema(lazySchema(async () => z.string()))).toBe(true);
    expect(isLazySchema(z.object({ load: z.string() }))).toBe(false);
  });
});
