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

  it('marks its promise settled, so React `use` reads the schema without suspending again', async () => {
    // React's thenable protocol: `use` returns `value` at once when `status` is 'fulfilled'. A
    // component can then call `use` on every render, never only on some (conditional `use`).
    const schema = z.string();
    const lazy = lazySchema(async () => schema);
    const loading = lazy.load() as Promise<z.ZodString> & { status?: string; value?: unknown };
    expect(loading.status).toBe('pending');
    await loading;
    expect(loading.status).toBe('fulfilled');
    expect(loading.value).toBe(schema);
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
