// How fresh the ACR data on screen is, and a reload of it. The BFF says when the data was fetched
// (`fetched_at`: the mirror's last ACR cycle when `mirrored`, or the on-demand answer before the
// first crawl). The
// data on screen is that of the active ACR list queries (repositories, tags); it is as old as
// the oldest of them.
import { useCallback, useSyncExternalStore } from 'react';
import { useMutation, useQueryClient, type Query, type QueryClient } from '@tanstack/react-query';
import type { QueryRecord } from '../../../shared/contracts';
import { fetchAcrRepositories } from './get-acr-repositories';
import { fetchAcrTags } from './get-acr-tags';

interface Freshness {
  fetched_at?: number | undefined;
  reload_refused?: boolean | undefined;
  mirrored?: boolean | undefined;
}

function freshnessOf(data: unknown): Freshness | undefined {
  if (!data || typeof data !== 'object' || !('fetched_at' in data)) return undefined;
  const { fetched_at, reload_refused, mirrored } = data as Freshness;
  return typeof fetched_at === 'number' ? { fetched_at, reload_refused, mirrored } : undefined;
}

function isQueryRecord(value: unknown): value is QueryRecord {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((entry) => typeof entry === 'string')
  );
}

/** The fetch of one shown ACR list (reloading or not), from its query key; else undefined. */
function fetcherOf(query: Query): ((reload: boolean) => Promise<unknown>) | undefined {
  const [scope, kind, first, second] = query.queryKey;
  if (scope !== 'acr') return undefined;
  if (kind === 'repositories' && isQueryRecord(first)) {
    return (reload) => fetchAcrRepositories(first, { reload });
  }
  if (kind === 'tags' && typeof first === 'string' && isQueryRecord(second)) {
    return (reload) => fetchAcrTags(first, second, { reload });
  }
  return undefined;
}

function shownAcrQueries(client: QueryClient): Query[] {
  return client
    .getQueryCache()
    .findAll({ queryKey: ['acr'], type: 'active' })
    .filter((query) => fetcherOf(query) !== undefined && freshnessOf(query.state.data));
}

/**
 * When the oldest ACR answer on screen was fetched (null before any), whether every one is the
 * mirror's, and a refused reload.
 */
function snapshotOf(client: QueryClient): string {
  let oldest: number | null = null;
  let refused = false;
  let mirrored = true;
  for (const query of shownAcrQueries(client)) {
    const freshness = freshnessOf(query.state.data);
    if (freshness?.fetched_at === undefined) continue;
    oldest = oldest === null ? freshness.fetched_at : Math.min(oldest, freshness.fetched_at);
    refused ||= freshness.reload_refused === true;
    mirrored &&= freshness.mirrored === true;
  }
  // A string: useSyncExternalStore compares snapshots by identity.
  return JSON.stringify([oldest, refused, mirrored]);
}

export interface AcrFreshness {
  fetchedAt: number | null;
  /** Every answer on screen is the mirror's: its age is the last sync, not an on-demand fetch. */
  mirrored: boolean;
  /** The last reload was refused by the ACR call budget: the answer shown is the cached one. */
  reloadRefused: boolean;
}

export function useAcrFreshness(): AcrFreshness {
  const client = useQueryClient();
  const subscribe = useCallback(
    (onChange: () => void) => client.getQueryCache().subscribe(onChange),
    [client],
  );
  const snapshot = useSyncExternalStore(subscribe, () => snapshotOf(client));
  const [fetchedAt, reloadRefused, mirrored] = JSON.parse(snapshot) as [
    number | null,
    boolean,
    boolean,
  ];
  return { fetchedAt, mirrored, reloadRefused };
}

/**
 * A mirrored reload the BFF answered before its ACR cycle completed (`refresh_queued`, after the
 * BFF's own wait) is asked again, without queueing another cycle, until the cycle's data arrives.
 */
const QUEUED_POLL_MS = 1_000;
const QUEUED_POLL_LIMIT = 60;

const refreshQueued = (data: unknown) =>
  typeof data === 'object' &&
  data !== null &&
  'refresh_queued' in data &&
  data.refresh_queued === true;

/** Reloads every ACR list on screen past the BFF's cache (if the budget allows; see above). */
export function useReloadAcrData() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const queries = shownAcrQueries(client);
      const reloadOne = async (query: Query) => {
        const fetch = fetcherOf(query);
        let data = await fetch?.(true);
        for (let poll = 0; poll < QUEUED_POLL_LIMIT && refreshQueued(data); poll++) {
          await new Promise((resolve) => setTimeout(resolve, QUEUED_POLL_MS));
          const again = await fetch?.(false);
          const before = freshnessOf(data)?.fetched_at ?? 0;
          if ((freshnessOf(again)?.fetched_at ?? 0) > before) data = again;
        }
        return { query, data };
      };
      const answers = await Promise.all(queries.map(reloadOne));
      for (const { query, data } of answers) client.setQueryData(query.queryKey, data);
    },
  });
}
