// The rule engine's modes against a real sync of the simulator, on SQLite and PostgreSQL: a
// baseline is never sent; a digest sends at most one message per window, holding the events
// until the window is over; a rule following a saved view matches with the view's filters and
// writes in its own language; a new rule starts at the newest event (no back-fill); deliveries are pruned with the events; a channel's rate limit defers a message
// without spending an attempt.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../config';
import type { InventoryDb } from '../store/db';
import { inventoryBackends } from '../test-support/test-backends';
import {
  createEngine,
  engineClients,
  startHarness,
  type Harness,
} from '../test-support/sync-harness';
import { createView } from '../views/view-store';
import type { Notification } from './channel-types';
import { RuleEngine, type RuleEngineOptions } from './rule-engine';
import { createRule, type RuleRecord } from './rule-store';
import { DASHBOARD_TOKEN_HOLDER } from '../auth/principal';

const MINUTE = 60_000;
const quietLogger = { info: () => undefined, warn: () => undefined };

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ seed: 37, registryImages: 120, cicdImages: 20 });
});

afterAll(async () => {
  await harness.sim.close();
});

const base: RuleRecord = {
  name: 'rule',
  list: 'registry',
  query: '',
  event_types: ['appeared', 'rescanned', 'removed', 'severity_changed', 'risk_changed'],
  channel: { type: 'webhook', url: 'https://203.0.113.10/hook' },
  mode: 'immediate',
  lang: 'en',
};

/** The leader's rule engine on `db`, its clock the test's, quiet, sending as `options` say. */
function leaderEngine(
  db: InventoryDb,
  now: () => number,
  options: Pick<RuleEngineOptions, 'send'> & Partial<RuleEngineOptions>,
): RuleEngine {
  return new RuleEngine({
    db,
    accounts: demoAccounts(harness.keys, harness.sim.url, 'cri-unused'),
    publicUrl: 'https://iw.example.com',
    allowPrivate: false,
    isLeader: () => true,
    logger: quietLogger,
    retentionDays: 400,
    now,
    ...options,
  });
}

describe.each(inventoryBackends())('rule modes on $name', (backend) => {
  it('never sends a baseline, holds a digest to its window, follows a view', async () => {
    const db = await backend.open();
    try {
      let clock = Date.now();
      const sent: { url: string; message: Notification }[] = [];
      const engine = leaderEngine(db, () => clock, {
        send: (target, message) => {
          sent.push({ url: target.url, message });
          return Promise.resolve({ ok: true, httpStatus: 200 });
        },
      });
      const sentTo = (url: string) => sent.filter((one) => one.url === url);

      // Created before the first crawl: the crawl's baseline is no event to report.
      await createRule(
        db,
        { ...base, channel: { ...base.channel, url: 'https://a.test/1' } },
        clock,
        DASHBOARD_TOKEN_HOLDER,
      );
      const { clients, account } = engineClients(harness);
      const sync = await createEngine(db, account, clients);
      await sync.runNow(account.id, 'registry', 'crawl');
      await engine.tick();
      expect(sent).toEqual([]);

      await createRule(
        db,
        {
          ...base,
          mode: 'digest',
          digest_minutes: 5,
          channel: { ...base.channel, url: 'https://a.test/digest' },
        },
        clock,
        DASHBOARD_TOKEN_HOLDER,
      );
      const view = await createView(
        db,
        { name: 'All registry', list: 'registry', query: '' },
        clock,
      );
      await createRule(
        db,
        {
          ...base,
          list: undefined,
          query: undefined,
          view_id: view.id,
          lang: 'zh-CN',
          channel: { ...base.channel, url: 'https://a.test/view' },
        },
        clock,
        DASHBOARD_TOKEN_HOLDER,
      );

      harness.sim.control.rescanImages(4);
      await sync.runNow(account.id, 'registry', 'incremental');
      clock += MINUTE;
      await engine.tick();
      expect(sentTo('https://a.test/1')).toHaveLength(1);
      expect(sentTo('https://a.test/view')).toHaveLength(1);
      expect(sentTo('https://a.test/view')[0]?.message.title).toMatch(/^仓库镜像中有 \d+ 条变更/);
      // The digest's window (5 min from its creation) is not over yet.
      expect(sentTo('https://a.test/digest')).toHaveLength(0);

      harness.sim.control.addImages(2);
      await sync.runNow(account.id, 'registry', 'incremental');
      clock += 4 * MINUTE;
      await engine.tick();
      const digests = sentTo('https://a.test/digest');
      expect(digests).toHaveLength(1);
      // One message for both cycles' events: as many as the immediate rule's two messages.
      const immediate = sentTo('https://a.test/1').map((one) => one.message.eventCount);
      expect(immediate).toHaveLength(2);
      expect(digests[0]?.message.eventCount).toBe(immediate.reduce((sum, n) => sum + n, 0));

      // The next window starts at that message: new events wait for it to end.
      harness.sim.control.rescanImages(2);
      await sync.runNow(account.id, 'registry', 'incremental');
      clock += MINUTE;
      await engine.tick();
      expect(sentTo('https://a.test/digest')).toHaveLength(1);
      clock += 4 * MINUTE;
      await engine.tick();
      expect(sentTo('https://a.test/digest')).toHaveLength(2);

      // A rule created now reports what happens from now on, not the events already recorded.
      await createRule(
        db,
        { ...base, channel: { ...base.channel, url: 'https://a.test/late' } },
        clock,
        DASHBOARD_TOKEN_HOLDER,
      );
      await engine.tick();
      expect(sentTo('https://a.test/late')).toHaveLength(0);
      harness.sim.control.rescanImages(2);
      await sync.runNow(account.id, 'registry', 'incremental');
      await engine.tick();
      expect(sentTo('https://a.test/late')).toHaveLength(1);

      // Finished deliveries go with the change events' retention (400 days here).
      const createdBy = clock;
      const deliveriesUpTo = async (at: number) =>
        Number(
          (
            await sql<{ n: number | string }>`select count(*) as n from rule_deliveries
              where created_at <= ${at}`.execute(db)
          ).rows[0]?.n,
        );
      expect(await deliveriesUpTo(createdBy)).toBe(sent.length);
      clock += 401 * 24 * 60 * MINUTE;
      await engine.tick();
      expect(await deliveriesUpTo(createdBy)).toBe(0);
    } finally {
      await db.destroy();
    }
  });

  it("keeps to a channel's rate limit without spending attempts", async () => {
    const oneIn10Minutes = [{ messages: 1, perMs: 10 * MINUTE }];
    const db = await backend.open();
    try {
      let clock = Date.now();
      const sent: Notification[] = [];
      const engine = leaderEngine(db, () => clock, {
        // One message per 10 minutes to a URL, whatever the channel.
        rateLimits: {
          webhook: oneIn10Minutes,
          slack: oneIn10Minutes,
          dingtalk: oneIn10Minutes,
          feishu: oneIn10Minutes,
          wecom: oneIn10Minutes,
        },
        send: (_target, message) => {
          sent.push(message);
          return Promise.resolve({ ok: true, httpStatus: 200 });
        },
      });
      const { clients, account } = engineClients(harness);
      const sync = await createEngine(db, account, clients);
      await sync.runNow(account.id, 'registry', 'crawl');
      const shared = { ...base.channel, url: 'https://a.test/shared' };
      await createRule(
        db,
        { ...base, name: 'one', channel: shared },
        clock,
        DASHBOARD_TOKEN_HOLDER,
      );
      await createRule(
        db,
        { ...base, name: 'two', channel: shared },
        clock,
        DASHBOARD_TOKEN_HOLDER,
      );
      harness.sim.control.rescanImages(3);
      await sync.runNow(account.id, 'registry', 'incremental');
      await engine.tick();
      expect(sent).toHaveLength(1);
      const { rows } = await sql<{
        status: string;
        attempts: number | string;
        next: number | string;
      }>`
        select status, attempts, next_attempt_at as next from rule_deliveries
        where status = 'retrying'`.execute(db);
      expect(rows).toHaveLength(1);
      expect(Number(rows[0]?.attempts)).toBe(0);
      expect(Number(rows[0]?.next)).toBe(clock + 10 * MINUTE);
      clock += 10 * MINUTE;
      await engine.tick();
      expect(sent).toHaveLength(2);
    } finally {
      await db.destroy();
    }
  });
});
