// Watch rules end to end, on SQLite and PostgreSQL: the BFF's routes over HTTP, the simulator
// rescanning, adding and removing images, a sync engine recording the events, the rule engine
// matching and sending them to real HTTP receivers on loopback (NOTIFY_ALLOW_PRIVATE). The
// matching rule fires once with exactly its events and a key naming them; a rule whose filter
// matches nothing sends nothing; a receiver answering 500 twice (with Retry-After once) gets the
// message on the third attempt; one that always fails ends `failed` in the delivery log; and no
// answer or log carries the channel's token or secret.
import { createHmac } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type {
  ChangeEventType,
  RuleDeliveriesPage,
  RuleTestOutcome,
  WatchRule,
} from '../../shared/contracts';
import { queryChanges } from '../changes/change-feed';
import { listSpec } from '../lists';
import { useTestBff } from '../test-support/hooks';
import { inventoryBackends } from '../test-support/test-backends';
import { createEngine, engineClients, mirroredRegistryImages } from '../test-support/sync-harness';
import {
  answerJson,
  startNotifyReceiver,
  type NotifyReceiver,
  type ReceivedRequest,
} from '../test-support/notify-receiver';
import { testRuleEngine } from '../test-support/rule-engine';
import { waitFor } from '../test-support/wait-for';

const TOKEN = 'hook-token-5e4d3c2b1a';
const SECRET = 'rule-secret-0a1b2c3d4e';
const TYPES: ChangeEventType[] = ['appeared', 'rescanned', 'removed'];
/** Compressed backoff: 20 ms, 40 ms, then failed after the third attempt. */
const RETRY = { baseMs: 20, factor: 2, maxAttempts: 3, maxDelayMs: 5_000 };

interface WebhookBody {
  idempotency_key: string;
  title: string;
  lines: string[];
  link: string;
  event_count: number;
  test: boolean;
}

function bodyOf(request: ReceivedRequest): WebhookBody {
  return JSON.parse(request.body) as WebhookBody;
}

function signatureHolds(request: ReceivedRequest): boolean {
  const timestamp = String(request.headers['x-imagewatch-timestamp']);
  const expected = createHmac('sha256', SECRET)
    .update(`${timestamp}.${request.body}`)
    .digest('hex');
  return request.headers['x-imagewatch-signature'] === `sha256=${expected}`;
}

describe.each(inventoryBackends())('watch rules on $name', (backend) => {
  const receivers: NotifyReceiver[] = [];
  let flakyAnswers = 0;

  const bff = useTestBff(
    { seed: 29, registryImages: 200, cicdImages: 30 },
    {
      DASHBOARD_TOKEN: 'rules-test-dashboard-token-0123456789',
      NOTIFY_ALLOW_PRIVATE: 'true',
      PUBLIC_URL: 'https://imagewatch.example.com',
    },
    // The composed engine's timer stays out of the way: this test drives its own engine.
    { openDb: backend.open, rules: { tickIntervalMs: 3_600_000 } },
  );

  // Before the BFF closes (after-all hooks run last registered first).
  afterAll(async () => {
    await Promise.all(receivers.map((receiver) => receiver.close()));
  });

  async function call<T>(method: string, path: string, body?: unknown) {
    const response = await fetch(`${bff.url}${path}`, {
      method,
      headers: {
        authorization: 'Bearer rules-test-dashboard-token-0123456789',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(SECRET);
    return { status: response.status, body: JSON.parse(text) as T };
  }

  async function rule(name: string, receiver: NotifyReceiver, query = ''): Promise<WatchRule> {
    const created = await call<WatchRule>('POST', '/api/rules', {
      name,
      list: 'registry',
      query,
      event_types: TYPES,
      channel: { type: 'webhook', url: `${receiver.origin}/hooks/${TOKEN}`, secret: SECRET },
      mode: 'immediate',
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  async function deliveries(id: string) {
    return (await call<RuleDeliveriesPage>('GET', `/api/rules/${id}/deliveries`)).body;
  }

  it('fires the matching rule once, retries, fails and logs as the receivers answer', async () => {
    const receiver = async (respond: Parameters<typeof startNotifyReceiver>[0]) => {
      const started = await startNotifyReceiver(respond);
      receivers.push(started);
      return started;
    };
    const ok = await receiver((_request, response) => answerJson(response, { ok: true }));
    const unused = await receiver((_request, response) => answerJson(response, { ok: true }));
    const flaky = await receiver((_request, response) => {
      flakyAnswers += 1;
      if (flakyAnswers === 1) response.setHeader('Retry-After', '1');
      if (flakyAnswers <= 2) answerJson(response, { error: 'busy' }, 500);
      else answerJson(response, { ok: true });
    });
    const broken = await receiver((_request, response) => answerJson(response, {}, 503));

    const { clients, account } = engineClients(bff.harness);
    const sync = await createEngine(bff.db, account, clients);
    await sync.runNow(account.id, 'registry', 'crawl');

    const matching = await rule('Everything new', ok);
    const nothing = await rule('Nowhere', unused, 'namespace=no-such-namespace-anywhere');
    const retried = await rule('Flaky receiver', flaky);
    const failing = await rule('Broken receiver', broken);

    // The estate changes: rescans, new images, then removals (two complete crawls missing them).
    const before = await mirroredRegistryImages(bff.db, account.id);
    const since = Date.now();
    bff.harness.sim.control.rescanImages(6);
    bff.harness.sim.control.addImages(3);
    await sync.runNow(account.id, 'registry', 'incremental');
    bff.harness.sim.control.removeImages(2);
    await sync.runNow(account.id, 'registry', 'crawl');
    await sync.runNow(account.id, 'registry', 'crawl');
    const after = await mirroredRegistryImages(bff.db, account.id);
    const removedIds = before
      .map((image) => image.id)
      .filter((id) => !after.some((image) => image.id === id));
    expect(removedIds.length).toBeGreaterThan(0);

    const feed = await queryChanges(listSpec('registry'), bff.db, account.id, {
      event_type: TYPES,
      since,
      limit: 500,
    });
    const events = feed.data_list;
    expect(
      events
        .filter((event) => event.event_type === 'removed')
        .map((e) => e.image.id)
        .sort(),
    ).toEqual([...removedIds].sort());
    expect(events.some((event) => event.event_type === 'appeared')).toBe(true);
    expect(events.some((event) => event.event_type === 'rescanned')).toBe(true);

    const engine = testRuleEngine(bff, { retry: RETRY });
    await engine.tick();
    /** Ticks the engine until the rule's newest delivery has `status`. */
    const tickUntil = (what: string, ruleId: string, status: 'delivered' | 'failed') =>
      waitFor(
        what,
        async () => {
          await engine.tick();
          return (await deliveries(ruleId)).data_list[0]?.status === status;
        },
        20_000,
        50,
      );

    // The matching rule: one message, with exactly the feed's events and a key naming them.
    expect(ok.requests).toHaveLength(1);
    const [message] = ok.requests.map(bodyOf);
    const ids = events.map((event) => event.id);
    expect(message).toMatchObject({
      idempotency_key: `rule-${matching.id}-registry-${Math.min(...ids)}-${Math.max(...ids)}`,
      event_count: events.length,
      test: false,
    });
    expect(message?.title).toContain(`${events.length} changes`);
    expect(message?.lines.length).toBeLessThanOrEqual(11);
    expect(message?.link).toMatch(
      /^https:\/\/imagewatch\.example\.com\/changes\?list=registry&event_type=appeared%2Crescanned%2Cremoved&since=\d+&until=\d+$/,
    );
    expect(signatureHolds(ok.requests[0] as ReceivedRequest)).toBe(true);
    expect((await deliveries(matching.id)).data_list).toEqual([
      expect.objectContaining({
        status: 'delivered',
        attempts: 1,
        http_status: 200,
        event_count: events.length,
        test: false,
      }),
    ]);

    // The rule whose filter matches nothing sends nothing and records nothing.
    expect(unused.requests).toHaveLength(0);
    expect((await deliveries(nothing.id)).total_num).toBe(0);

    // 500 with Retry-After: 1 s, honoured; then 500 again; then 200 on the third attempt.
    const firstTry = (await deliveries(retried.id)).data_list[0];
    expect(firstTry).toMatchObject({ status: 'retrying', attempts: 1, http_status: 500 });
    expect(firstTry?.next_attempt_at).toBeGreaterThanOrEqual((firstTry?.at ?? 0) + 1_000);
    await tickUntil('the flaky receiver to get the message', retried.id, 'delivered');
    expect(flaky.requests).toHaveLength(3);
    expect(new Set(flaky.requests.map((request) => bodyOf(request).idempotency_key)).size).toBe(1);
    expect((await deliveries(retried.id)).data_list[0]).toMatchObject({
      status: 'delivered',
      attempts: 3,
      http_status: 200,
    });

    // Always 503: failed after the last attempt, with the reason, in the log.
    await tickUntil('the broken receiver to be given up', failing.id, 'failed');
    expect(broken.requests).toHaveLength(RETRY.maxAttempts);
    expect((await deliveries(failing.id)).data_list[0]).toMatchObject({
      status: 'failed',
      attempts: RETRY.maxAttempts,
      http_status: 503,
      reason: expect.stringContaining('503'),
    });

    // Nothing new: no second batch.
    await engine.tick();
    expect(ok.requests).toHaveLength(1);
    expect((await deliveries(matching.id)).total_num).toBe(1);

    // "Send test": a sample message now, its outcome answered and logged as a test.
    const test = await call<RuleTestOutcome>('POST', `/api/rules/${matching.id}/test`);
    expect(test.status).toBe(200);
    expect(test.body).toMatchObject({ ok: true, delivery: { status: 'delivered', test: true } });
    expect(ok.requests).toHaveLength(2);
    expect(bodyOf(ok.requests[1] as ReceivedRequest).test).toBe(true);
    const log = await deliveries(matching.id);
    expect(log.data_list.map((delivery) => delivery.test)).toEqual([true, false]);
    const listed = await call<{ data_list: WatchRule[] }>('GET', '/api/rules');
    expect(listed.body.data_list.find((one) => one.id === matching.id)?.last_delivery).toEqual(
      log.data_list[0],
    );
  });
});
