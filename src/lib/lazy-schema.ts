// Schemas the browser loads on first use (a dynamic import), so that zod and the contract schemas
// stay out of the first page's JavaScript (docs/benchmarks.md, issue 20): the answer checks of
// api-client and the list pages' URL schemas come in as a chunk of their own.
import type { z } from 'zod';
import type * as BffContracts from '../shared/contracts/bff';

export interface LazySchema<S extends z.ZodType> {
  /**
   * The same promise on every call (React's `use` needs a stable one); a failed load is retried.
   * It carries React's thenable fields (`status`, `value`), so `use` reads a loaded schema at once.
   */
  load: () => Promise<S>;
  /** The schema once loaded, for synchronous readers. */
  readonly loaded: S | undefined;
}

/** A promise as React's `use` tracks it: once settled, `use` answers without suspending. */
type TrackedPromise<T> = Promise<T> & {
  status: 'pending' | 'fulfilled' | 'rejected';
  value?: T;
  reason?: unknown;
};

export function lazySchema<S extends z.ZodType>(importSchema: () => Promise<S>): LazySchema<S> {
  let loading: TrackedPromise<S> | undefined;
  let loaded: S | undefined;
  function startLoading(): TrackedPromise<S> {
    const promise = importSchema().then(
      (schema) => {
        loaded = schema;
        tracked.status = 'fulfilled';
        tracked.value = schema;
        return schema;
      },
      (error: unknown) => {
        loading = undefined;
        tracked.status = 'rejected';
        tracked.reason = error;
        throw error;
      },
    );
    const tracked = Object.assign(promise, { status: 'pending' as const }) as TrackedPromise<S>;
    return tracked;
  }
  return {
    load: () => (loading ??= startLoading()),
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

/** The names of the BFF contracts' schemas (contracts/bff.ts). */
type BffSchemaName = {
  [Name in keyof typeof BffContracts]: (typeof BffContracts)[Name] extends z.ZodType ? Name : never;
}[keyof typeof BffContracts];

type BffSchema<Name extends BffSchemaName> = Extract<(typeof BffContracts)[Name], z.ZodType>;

/** One of the BFF contracts' schemas, loaded on first use with the rest of contracts/bff.ts. */
export function lazyBffSchema<Name extends BffSchemaName>(name: Name): LazySchema<BffSchema<Name>> {
  return lazySchema(async () => (await import('../shared/contracts/bff'))[name] as BffSchema<Name>);
}
