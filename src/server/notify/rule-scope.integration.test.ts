// A watch rule reports only what its creator may see, on SQLite and PostgreSQL: users signed in
// through the trusted proxy (groups mapped to roles and scopes) or with a personal API token save
// rules over HTTP, the simulator's estate changes, and the rule engine sends to real HTTP
// receivers on loopback. The namespace-scoped operator's rules, immediate and digest, deliver only
// events of their namespaces, while the admin's rule shows events outside them happened; the
// operator neither sees nor touches the admin's rule (404), and the admin's edit keeps theirs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeEventType, RuleTestOutcome, WatchRule } from '../../shared/contracts';
import { ApiTokenStore } from '../auth/api-tokens';
import { allowedOnAxis } from '../auth/principal';
import { queryChanges } from '../changes/change-feed';
import { listSpec } from '../lists';
import { testRuleEngine } from '../test-support/rule-engine';
import { inventoryBackends } from '../test-support/test-backends';
import {
  createEngine,
  engineClients,
  startTestBff,
  type TestBff,
} from '../test-support/sync-harness';
import {
  answerJson,
  receiversClosedAfterEach,
  type NotifyReceiver,
  type ReceivedRequest,
} from '../test-support/notify-receiver';

const TYPES: ChangeEventType[] = ['appeared', 'rescanned', 'removed'];
/** Names and a pattern, among the namespaces the seeded estate's changes fall in and outside. */
const OPERATOR_NAMESPACES = ['qa', 'crm', '*edge'];
const DIGEST_MINUTES = 5;

/** Request headers that sign a request in as someone. */
type Caller = Record<string, string>;

const proxyUser = (user: string, groups: string): Caller => ({
  'x-forwarded-user': user,
  'x-forwarded-groups': groups,
  'sec-fetch-site': 'same-origin',
});

function accessConfigFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'imagewatch-rule-scope-'));
  const file = path.join(dir, 'config.json');
  const roles = [
    { group: 'namespace-owners', role: 'operator', namespaces: OPERATOR_NAMESPACES },
    { group: 'security-admins', role: 'admin' },
  ];
  writeFileSync(file, JSON.stringify({ access: { roles } }));
  return file;
}

const DASHBOARD_TOKEN = 'rule-scope-dashboard-token-0123456789';

/** How the scoped operator and the unscoped admin sign in. */
interface SignIn {
  name: string;
  env: NodeJS.ProcessEnv;
  callers(bff: TestBff): Promise<{ operator: Caller; admin: Caller }>;
}

const SIGN_INS: SignIn[] = [
  {
    name: 'behind the single sign-on proxy',
    env: {
      AUTH_PROXY_HEADER: 'X-Forwarded-User',
      AUTH_PROXY_GROUPS_HEADER: 'X-Forwarded-Groups',
      TRUST_PROXY: '127.0.0.1',
      IMAGEWATCH_CONFIG: accessConfigFile(),
    },
    callers: async () => ({
      operator: proxyUser('ns-owner', 'namespace-owners'),
      admin: proxyUser('sec-admin', 'security-admins'),
    }),
  },
  {
    // The operator's personal token, made while they were signed in: it carries their scope.
    name: 'with a personal API token',
    env: { DASHBOARD_TOKEN },
    async callers(bff) {
      const made = await new ApiTokenStore(bff.db).create(
        {
          user: 'ns-owner',
          name: 'Namespace owner',
          role: 'operator',
          scope: { accounts: null, namespaces: OPERATOR_NAMESPACES },
        },
        'rules script',
        null,
      );
      return {
        operator: { authorization: `Bearer ${made.token}` },
        admin: { authorization: `Bearer ${DASHBOARD_TOKEN}` },
      };
    },
  },
];

/** The namespaces a message's lines name (a line reads `… namespace/name:version`). */
const namespacesIn = (request: ReceivedRequest) =>
  (JSON.parse(request.body) as { lines: string[] }).lines.flatMap((line) => {
    const image = /(?:^|\s)([\w.-]+)\/[^\s/]+:\S+/.exec(line);
    return image?.[1] === undefined ? [] : [image[1]];
  });
const eventCountOf = (request: ReceivedRequest) =>
  (JSON.parse(request.body) as { event_count: number }).event_count;

describe.each(inventoryBackends())(
  'watch rules within their creator’s scope on $name',
  (backend) => {
    const receiver = receiversClosedAfterEach();
    let bff: TestBff | undefined;

    afterEach(async () => {
      await bff?.close();
      bff = undefined;
    });

    it.each(SIGN_INS)(
      'delivers only the scoped operator’s events, signed in $name',
      async (signIn) => {
        const started = await startTestBff(
          { seed: 31, registryImages: 200, cicdImages: 10 },
          { ...signIn.env, NOTIFY_ALLOW_PRIVATE: 'true' },
          { openDb: backend.open, rules: { tickIntervalMs: 3_600_000 } },
        );
        bff = started;
        const { operator, admin } = await signIn.callers(started);

        async function call<T>(as: Caller, method: string, url: string, body?: unknown) {
          const response = await fetch(`${started.url}${url}`, {
            method,
            headers: {
              ...as,
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          const text = await response.text();
          return {
            status: response.status,
            body: (text === '' ? undefined : JSON.parse(text)) as T,
          };
        }
        const ruleBody = (name: string, to: NotifyReceiver) => ({
          name,
          list: 'registry',
          query: '',
          event_types: TYPES,
          channel: { type: 'webhook', url: `${to.origin}/hook` },
          mode: 'immediate',
        });
        async function createRule(as: Caller, name: string, to: NotifyReceiver, mode: object = {}) {
          const body = { ...ruleBody(name, to), ...mode };
          const created = await call<WatchRule>(as, 'POST', '/api/rules', body);
          expect(created.status).toBe(201);
          return created.body;
        }

        const answerOk = () => receiver((_request, response) => answerJson(response, { ok: true }));
        const [operatorHook, digestHook, adminHook] = await Promise.all([
          answerOk(),
          answerOk(),
          answerOk(),
        ]);
        const { clients, account } = engineClients(started.harness);
        const sync = await createEngine(started.db, account, clients);
        await sync.runNow(account.id, 'registry', 'crawl');

        const operatorRule = await createRule(operator, 'My namespaces', operatorHook);
        const digestRule = await createRule(operator, 'My daily digest', digestHook, {
          mode: 'digest',
          digest_minutes: DIGEST_MINUTES,
        });
        const adminRule = await createRule(admin, 'Everything', adminHook);

        // Others' rules: not listed for the operator, and every route on them answers 404.
        const listed = await call<{ data_list: WatchRule[] }>(operator, 'GET', '/api/rules');
        expect(listed.body.data_list.map((rule) => rule.id).sort()).toEqual(
          [operatorRule.id, digestRule.id].sort(),
        );
        const adminListed = await call<{ data_list: WatchRule[] }>(admin, 'GET', '/api/rules');
        expect(adminListed.body.data_list).toHaveLength(3);
        const others: [string, string, unknown?][] = [
          ['GET', `/api/rules/${adminRule.id}`],
          ['PUT', `/api/rules/${adminRule.id}`, ruleBody('Taken over', operatorHook)],
          ['DELETE', `/api/rules/${adminRule.id}`],
          ['POST', `/api/rules/${adminRule.id}/test`],
          ['GET', `/api/rules/${adminRule.id}/deliveries`],
        ];
        for (const [method, url, body] of others)
          expect((await call(operator, method, url, body)).status, `${method} ${url}`).toBe(404);
        // The admin edits the operator's rule: it keeps the operator's scope (never widened).
        const renamed = await call<WatchRule>(
          admin,
          'PUT',
          `/api/rules/${operatorRule.id}`,
          ruleBody('My namespaces, renamed', operatorHook),
        );
        expect(renamed.status).toBe(200);

        started.harness.sim.control.rescanImages(80);
        started.harness.sim.control.addImages(12);
        await sync.runNow(account.id, 'registry', 'incremental');

        // Past the digest's window: both modes match now.
        const engine = testRuleEngine(started, {
          now: () => Date.now() + (DIGEST_MINUTES + 1) * 60_000,
        });
        await engine.tick();

        const feed = await queryChanges(listSpec('registry'), started.db, account.id, {
          event_type: TYPES,
          limit: 500,
        });
        const inScope = (namespace: string) => allowedOnAxis(OPERATOR_NAMESPACES, namespace);
        const inside = feed.data_list.filter((event) => inScope(event.image.namespace));
        // The estate changed on both sides of the scope, and the unscoped rule saw all of it.
        expect(inside.length).toBeGreaterThan(0);
        expect(inside.length).toBeLessThan(feed.data_list.length);
        expect(adminHook.requests).toHaveLength(1);
        expect(eventCountOf(adminHook.requests[0] as ReceivedRequest)).toBe(feed.data_list.length);

        for (const hook of [operatorHook, digestHook]) {
          expect(hook.requests).toHaveLength(1);
          const message = hook.requests[0] as ReceivedRequest;
          expect(eventCountOf(message)).toBe(inside.length);
          const named = namespacesIn(message);
          expect(named.length).toBeGreaterThan(0);
          for (const namespace of named) expect(inScope(namespace), namespace).toBe(true);
        }

        // "Send test" on their own rule works; a sample names no image.
        const test = await call<RuleTestOutcome>(
          operator,
          'POST',
          `/api/rules/${operatorRule.id}/test`,
        );
        expect(test.status).toBe(200);
        expect(test.body.ok).toBe(true);
      },
    );
  },
);
