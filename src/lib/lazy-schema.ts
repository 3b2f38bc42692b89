// Schemas the browser loads on first use (a dynamic import), so that zod and the contract schemas
// stay out of the first page's JavaScript (docs/benchmarks.md, issue 20): the answer checks of
// api-client and the list pages' URL schemas come in as a chunk of their own.
import type { z } from 'zod';

export interface LazySchema<S extends z.ZodType> {
  /** The same promise on every call (React's `use` needs a stable one); a failed load is retried. */
  load: () => Promise<S>;
  /** The schema once loaded, for synchronous readers. */
  readonly loaded: S | undefined;
}

export function lazySchema<S extends z.ZodType>(importSchema: () => Promise<S>): LazySchema<S> {
  let loading: Promise<S> | undefined;
  let loaded: S | undefined;
  return {
    load: () =>
      (loading ??= importSchema().then(
        (schema) => (loaded = schema),
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      )),
    get loaded() {
      return loaded;
    },
  };
}

export function isLazySchema<S extends z.ZodType>(
  schema: S | LazySchema<S>,
): schema is LazySchema<S> {
  return 'load' in schema && typeof schema.load === 'function';
}
