// The session store on its own: ids are kept only as a keyed hash, so a session outlives neither
// its lifetime, its idle timeout nor a change of the dashboard token it was signed in with.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { InventoryDb } from './store/db';
import { useMemoryInventory } from './test-support/hooks';
import { SESSION_IDLE_TIMEOUT_MS, SESSION_LIFETIME_MS, SessionStore } from './session-store';

let db: InventoryDb;

useMemoryInventory((opened) => (db = opened), { each: true });

describe('SessionStore', () => {
  it('ends every session when the dashboard token changes', async () => {
    const before = new SessionStore({ db, key: 'first-dashboard-token-0123456789' });
    const id = await before.create();
    expect(await before.isValid(id)).toBe(true);
    const after = new SessionStore({ db, key: 'second-dashboard-token-0123456789' });
    expect(await after.isValid(id)).toBe(false);
    const rows = await sql<{ id_hash: string }>`select id_hash from sessions`.execute(db);
    for (const row of rows.rows) expect(row.id_hash).not.toContain(id);
  });

  it('keeps a used session alive until its lifetime, and ends an idle one', async () => {
    let now = 1_000_000;
    const store = new SessionStore({ db, key: 'dashboard-token-0123456789', now: () => now });
    const active = await store.create();
    const idle = await store.create();
    for (
      let at = 0;
      at < SESSION_LIFETIME_MS - SESSION_IDLE_TIMEOUT_MS;
      at += SESSION_IDLE_TIMEOUT_MS / 2
    ) {
      now = 1_000_000 + at;
      expect(await store.isValid(active)).toBe(true);
    }
    expect(await store.isValid(idle)).toBe(false);
    now = 1_000_000 + SESSION_LIFETIME_MS;
    expect(await store.isValid(active)).toBe(false);
  });
});
