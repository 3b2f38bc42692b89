// A signed-in user's scope applied to the inventory's reads, in one place: the accounts a route
// may pick (routes/accounts.ts `pickAccount`) and the namespace patterns carried inside the
// validated query, next to the list filters, so that the one WHERE builder (lists/list-store.ts
// `listWhere`) adds them and every cached answer's key holds them (answers are never shared
// across scopes).
import type { FastifyRequest } from 'fastify';
import { allowedOnAxis, principalOf, type Scope } from './principal';

/** The query field that carries a scope's namespace patterns (never a client parameter). */
export const SCOPE_NAMESPACES = 'scope_namespaces';

/** The scope of the request's principal (the auth plugin sets one on every `/api` request). */
export function scopeOf(request: FastifyRequest): Scope {
  return principalOf(request).scope;
}

/** The items whose account id is inside the scope (accounts, sync status rows...). */
export function inScopeAccounts<Item>(
  scope: Scope,
  items: readonly Item[],
  idOf: (item: Item) => string,
): Item[] {
  return items.filter((item) => allowedOnAxis(scope.accounts, idOf(item)));
}

/** The query with the scope's namespace patterns (sorted, so one scope has one cache key). */
export function scopedQuery<Q extends object>(scope: Scope, query: Q): Q {
  if (scope.namespaces === null) return query;
  return { ...query, [SCOPE_NAMESPACES]: [...new Set(scope.namespaces)].sort() };
}

/** The namespace patterns a scoped query carries (undefined: unscoped). */
export function scopeNamespacesOf(query: object): readonly string[] | undefined {
  return (query as Record<string, unknown>)[SCOPE_NAMESPACES] as readonly string[] | undefined;
}
