// Two replicas' rule engines on one PostgreSQL, each leading only while it holds the sync lease:
// a leader that dies mid-delivery hands over without a batch being recorded twice (the new
// leader resends the same delivery, same key: at least once), and two engines matching the same
// rule at once (a hand-over's overlap) record one delivery between them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { ChangeEventType } from '../../shared/contracts';
import { demoAccounts } from '../config';
import type { InventoryDb } from '../store/db';
import { createSyncLease } from '../sync/leader-lease';
import {
  answerJson,
  startNotifyReceiver,
  type NotifyReceiver,
} from '../test-support/notify-receiver';
import { inventoryBackends } from '../test-support/test-backends';
import {
  createEngine,
  engineClients,
  startHarness,
  type Harness,
} from '../test-support/sync-harness';
import { waitFor } from '../test-support/wait-for';
import type { Notification } from './channel-types';
import { sendNotification } from './channels';
import { RuleEngine, type SendNotification } from './rule-engine';
import { createRule, listStoredRules } from './rule-store';
import { DASHBOARD_TOKEN_HOLDER } from '../auth/principal';

const postgres = inventoryBackends().find((backend) => backend.name === 'postgres');
const TYPES: ChangeEventType[] = ['appeared', 'rescanned', 'removed', 'severity_changed'];
const quietLogger = { info: () => undefined, warn: () => undefined };

let harness: Harness;
let receiver: NotifyReceiver;

beforeAll(async () => {
  harness = await startHarness({ seed: 31, registryImages: 150, cicdImages: 20 });
  receiver = await startNotifyReceiver((_request, response) => answerJson(response, {}));
});

afterAll(async () => {
  await receiver.close();
  await harness.sim.close();
});

async function deliveryRows(db: InventoryDb) {
  const { rows } = await sql<{
    idempotency_key: string;
    status: string;
    attempts: number | string;
    first_change_id: number | string;
    last_change_id: number | string;
  }>`select idempotency_key, status, attempts, first_change_id, last_change_id
    from rule_deliveries order by id`.execute(db);
  return rows;
}

describe('watch rules with several replicas on PostgreSQL', () => {
  it('hand over without recording a batch twice', async () => {
    if (postgres === undefined) throw new Error('no PostgreSQL backend');
    const db = await postgres.open();
    try {
      const { clients, account } = engineClients(harness);
      const sync = await createEngine(db, account, clients);
      await sync.runNow(account.id, 'registry', 'crawl');
      await createRule(
        db,
        {
          name: 'All new',
          list: 'registry',
          query: '',
          event_types: TYPES,
          channel: { type: 'webhook', url: `${receiver.origin}/hook/replicas` },
          mode: 'immediate',
          lang: 'en',
        },
        Date.now(),
        DASHBOARD_TOKEN_HOLDER,
      );

      const leases = {
        a: createSyncLease({ db, ttlMs: 1_000, holder: 'replica-a' }),
        b: createSyncLease({ db, ttlMs: 1_000, holder: 'replica-b' }),
      };
      const leading = { a: false, b: false };
      // Replica A sends, then dies before recording the outcome: its send never returns.
      const sentByA: Notification[] = [];
      const dyingSend: SendNotification = async (target, message, options) => {
        await sendNotification(target, message, options);
        sentByA.push(message);
        return new Promise(() => undefined);
      };
      const engineOf = (replica: 'a' | 'b', send: SendNotification) =>
        new RuleEngine({
          db,
          accounts: demoAccounts(harness.keys, harness.sim.url, 'cri-unused'),
          publicUrl: 'https://imagewatch.example.com',
          allowPrivate: true,
          isLeader: () => leading[replica],
          logger: quietLogger,
          retentionDays: 400,
          sendTimeoutMs: 200,
          send,
        });
      const a = engineOf('a', dyingSend);
      const b = engineOf('b', sendNotification);

      harness.sim.control.rescanImages(5);
      harness.sim.control.addImages(2);
      await sync.runNow(account.id, 'registry', 'incremental');

      leading.a = await leases.a.tryHold();
      expect(leading.a).toBe(true);
      leading.b = await leases.b.tryHold();
      expect(leading.b).toBe(false);
      void a.tick();
      await waitFor('replica A to send the batch', () => sentByA.length === 1, 10_000, 20);
      expect(receiver.requests).toHaveLength(1);

      // A is gone: it stops renewing, B takes the lease once it expires.
      leading.a = false;
      await waitFor('replica B to take the lease', async () => leases.b.tryHold(), 10_000, 100);
      leading.b = true;
      await waitFor(
        'replica B to resend the held delivery',
        async () => {
          await b.tick();
          return (await deliveryRows(db))[0]?.status === 'delivered';
        },
        10_000,
        50,
      );
      const rows = await deliveryRows(db);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: 'delivered' });
      expect(Number(rows[0]?.attempts)).toBe(2);
      // The same message twice (at least once), never a second batch of the same events.
      expect(receiver.requests).toHaveLength(2);
      const keys = receiver.requests.map(
        (request) => (JSON.parse(request.body) as { idempotency_key: string }).idempotency_key,
      );
      expect(new Set(keys)).toEqual(new Set([rows[0]?.idempotency_key]));

      // New events during an overlap where both believe they lead: one delivery between them.
      harness.sim.control.rescanImages(4);
      await sync.runNow(account.id, 'registry', 'incremental');
      const c = engineOf('a', sendNotification);
      leading.a = true;
      const [rule] = await listStoredRules(db);
      if (rule === undefined) throw new Error('the rule is gone');
      // Both read the cursor, then queue on its row (held here) until both wait: a true overlap.
      let outcomes: PromiseSettledResult<unknown>[] = [];
      await db.transaction().execute(async (trx) => {
        await sql`select last_change_id from watch_rule_cursors
          where rule_id = ${rule.id} and list = 'registry' for update`.execute(trx);
        const both = Promise.allSettled([c.matchRule(rule), b.matchRule(rule)]);
        await waitFor(
          'both engines to wait on the cursor',
          async () => {
            const { rows } = await sql<{ n: number | string }>`select count(*) as n from pg_locks
              where not granted`.execute(db);
            return Number(rows[0]?.n ?? 0) >= 2;
          },
          10_000,
          20,
        );
        void both.then((settled) => (outcomes = settled));
      });
      await waitFor('both engines to finish', () => outcomes.length === 2, 10_000, 20);
      expect(
        outcomes.filter((outcome) => outcome.status === 'fulfilled' && outcome.value),
      ).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toHaveLength(1);
      const after = await deliveryRows(db);
      expect(after).toHaveLength(2);
      expect(Number(after[1]?.first_change_id)).toBeGreaterThan(Number(after[0]?.last_change_id));
    } finally {
      await db.destroy();
    }
  });
});
