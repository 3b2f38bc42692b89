// Which columns a user shows and in what order, remembered per page in localStorage. The table's
// own visibility and order state is derived from it; nothing else stores it.
import type { ColumnDef, RowData } from '@tanstack/react-table';
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { DataTableFeatures } from './table-features';

export interface ColumnPreferences {
  /** Every column id, in display order. */
  order: string[];
  /** Ids of the columns shown. */
  visible: string[];
  /** Columns missing from `order` stay hidden (a saved view's exact choice). */
  onlyThese?: boolean;
}

const STORAGE_PREFIX = 'imagewatch.columns.';
const listeners = new Set<() => void>();

function readStored(storageKey: string): ColumnPreferences | undefined {
  try {
    const raw = window.localStorage.getItem(STORAGE_PREFIX + storageKey);
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as Partial<ColumnPreferences>;
    if (!Array.isArray(parsed.order) || !Array.isArray(parsed.visible)) return undefined;
    return {
      order: parsed.order.filter((id): id is string => typeof id === 'string'),
      visible: parsed.visible.filter((id): id is string => typeof id === 'string'),
      onlyThese: parsed.onlyThese === true,
    };
  } catch {
    // Storage blocked or a hand-edited value: fall back to the defaults.
    return undefined;
  }
}

/**
 * Stored preferences reconciled with today's columns: unknown ids dropped, new columns appended
 * (shown unless hidden by default), so a release that adds a column does not lose a user's choice.
 */
export function reconcilePreferences(
  stored: ColumnPreferences | undefined,
  columns: ReadonlyArray<{ id: string; hiddenByDefault: boolean }>,
): ColumnPreferences {
  const ids = columns.map((column) => column.id);
  const defaults = columns.filter((column) => !column.hiddenByDefault).map((column) => column.id);
  if (!stored) return { order: ids, visible: defaults };
  const known = new Set(ids);
  const order = stored.order.filter((id) => known.has(id));
  const added = ids.filter((id) => !order.includes(id));
  const visible = stored.visible.filter((id) => known.has(id));
  if (!stored.onlyThese) for (const id of added) if (defaults.includes(id)) visible.push(id);
  return { order: [...order, ...added], visible };
}

/** A saved view's columns as preferences: these, in this order, and no other. */
export function savedColumnChoice(visible: readonly string[]): ColumnPreferences {
  return { order: [...visible], visible: [...visible], onlyThese: true };
}

/** Stores a page's preferences (`undefined`: back to the defaults) and tells its tables. */
export function storeColumnPreferences(
  storageKey: string,
  next: ColumnPreferences | undefined,
): void {
  try {
    if (next) window.localStorage.setItem(STORAGE_PREFIX + storageKey, JSON.stringify(next));
    else window.localStorage.removeItem(STORAGE_PREFIX + storageKey);
  } catch {
    // Storage full or blocked: the choice lasts for this page only.
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key?.startsWith(STORAGE_PREFIX)) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function useColumnPreferences<TData extends RowData>(
  storageKey: string,
  columns: ReadonlyArray<ColumnDef<DataTableFeatures, TData>>,
) {
  const raw = useSyncExternalStore(
    subscribe,
    () => window.localStorage.getItem(STORAGE_PREFIX + storageKey),
    () => null,
  );
  const descriptors = useMemo(
    () =>
      columns.map((column) => ({
        id: column.id ?? ('accessorKey' in column ? String(column.accessorKey) : ''),
        hiddenByDefault: column.meta?.hiddenByDefault === true,
      })),
    [columns],
  );
  const preferences = useMemo(
    () => reconcilePreferences(raw === null ? undefined : readStored(storageKey), descriptors),
    // `raw` is the stored text: a change to it is a change to the preferences.
    [raw, storageKey, descriptors],
  );
  const save = useCallback(
    (next: ColumnPreferences | undefined) => storeColumnPreferences(storageKey, next),
    [storageKey],
  );
  const setVisible = useCallback(
    (id: string, shown: boolean) => {
      const visible = shown
        ? [...preferences.visible, id]
        : preferences.visible.filter((other) => other !== id);
      // Never hide the last column: an empty table helps no one.
      if (visible.length === 0) return;
      save({ ...preferences, visible });
    },
    [preferences, save],
  );
  const move = useCallback(
    (id: string, by: -1 | 1) => {
      const order = [...preferences.order];
      const from = order.indexOf(id);
      const to = from + by;
      if (from < 0 || to < 0 || to >= order.length) return;
      order.splice(from, 1);
      order.splice(to, 0, id);
      save({ ...preferences, order });
    },
    [preferences, save],
  );
  const reset = useCallback(() => save(undefined), [save]);
  const columnVisibility = useMemo(() => {
    const state: Record<string, boolean> = {};
    for (const { id } of descriptors) state[id] = preferences.visible.includes(id);
    return state;
  }, [descriptors, preferences.visible]);
  return { preferences, columnVisibility, setVisible, move, reset };
}

export type ColumnPreferencesController = ReturnType<typeof useColumnPreferences>;
