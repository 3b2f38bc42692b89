// Migration 0047 gives the watch rules saved before it a scope that never shows more than their
// unknown creator may have seen: unscoped where every possible creator was (made before scopes
// existed, or no one but the dashboard token's holder ever signed in), else not known (the rule
// then delivers nothing, and only the unscoped see it until one of them saves it).
import { Migrator, sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_TOKEN_HOLDER } from '../auth/principal';
import type { InventoryDb } from '../store/db';
import { inventoryMigrations } from '../store/migrations';
import { inventoryBackends, openUnmigrated } from '../test-support/test-backends';
import { getStoredRule, ruleWithinScope } from './rule-store';

async function oldRule(db: Kysely<unknown>, name: string, createdAt: number): Promise<string> {
  const { rows } = await sql<{ id: number | string }>`insert into watch_rules (name, list, query,
    event_types, channel_type, channel_url, mode, lang, created_at, updated_at, batch_closed_at)
    values (${name}, 'registry', '', '["appeared"]', 'webhook', 'https://hooks.example.com/a',
    'immediate', 'en', ${createdAt}, ${createdAt}, ${createdAt}) returning id`.execute(db);
  return String(rows[0]?.id);
}

async function signedIn(db: Kysely<unknown>, actor: string, at: number): Promise<void> {
  await sql`insert into audit_log (at, actor, action, target, detail, address, request_id)
    values (${at}, ${actor}, 'sign-in', '/', '{}', '127.0.0.1', 'req-1')`.execute(db);
}

describe.each(inventoryBackends())('migration 0047 on $name', (backend) => {
  it.each([
    {
      case: 'only the dashboard token ever signed in',
      actors: [DASHBOARD_TOKEN_HOLDER.user],
      scopes: { before: 'unscoped', after: 'unscoped' },
    },
    {
      case: 'single sign-on users signed in',
      actors: [DASHBOARD_TOKEN_HOLDER.user, 'alice'],
      scopes: { before: 'unscoped', after: 'not known' },
    },
  ])('gives older rules a safe scope when $case', async ({ actors, scopes }) => {
    const db = await openUnmigrated(backend.name);
    try {
      const migrator = new Migrator({ db, provider: inventoryMigrations });
      expect((await migrator.migrateTo('0040_audit_log')).error).toBeUndefined();
      // When the older release ran migration 0038 (scopes): Kysely's record of it.
      const { rows } = await sql<{ timestamp: string }>`select timestamp from kysely_migration
        where name = '0038_session_principal'`.execute(db);
      const scopesSince = Date.parse(rows[0]?.timestamp ?? '');
      expect(Number.isFinite(scopesSince)).toBe(true);
      const before = await oldRule(db, 'made before scopes', scopesSince - 60_000);
      const after = await oldRule(db, 'made since', scopesSince + 60_000);
      for (const actor of actors) await signedIn(db, actor, scopesSince + 120_000);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();

      const inventory = db as unknown as InventoryDb;
      const scopeName = async (id: string) => {
        const rule = await getStoredRule(inventory, id);
        if (rule === undefined) throw new Error(`rule ${id} is gone`);
        expect(rule.created_by).toBeNull();
        if (rule.scope === null) {
          // Not known: only the unscoped may see it.
          expect(ruleWithinScope(rule, DASHBOARD_TOKEN_HOLDER.scope)).toBe(true);
          expect(ruleWithinScope(rule, { accounts: null, namespaces: ['*'] })).toBe(false);
          return 'not known';
        }
        expect(rule.scope).toEqual({ accounts: null, namespaces: null });
        return 'unscoped';
      };
      expect({ before: await scopeName(before), after: await scopeName(after) }).toEqual(scopes);
    } finally {
      await db.destroy();
    }
  });
});
