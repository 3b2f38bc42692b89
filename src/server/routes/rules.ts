// Watch rules: GET/POST /api/rules, GET/PUT/DELETE /api/rules/{id}, POST /api/rules/{id}/test,
// GET /api/rules/{id}/deliveries. A rule is checked whole at save time (its view exists, its
// query parses with its list's own schema, its channel URL could be sent to), so that it never
// fails later for a reason a 400 could have named. Answers mask the channel (rule-store.ts). A
// rule holds its creator's scope: a user sees and changes only the rules within their own scope
// (any other id answers 404, as an image outside it does), and saving never widens a rule's.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  API_ROUTES,
  DELIVERIES_LIMIT,
  RULES_MAX,
  RuleDeliveriesQuerySchema,
  RuleIdSchema,
  RuleInputSchema,
  RuleUpdateSchema,
  type RuleDeliveriesPage,
  type RuleTestOutcome,
  type WatchRule,
} from '../../shared/contracts';
import { deliveriesPage, lastDeliveries } from '../notify/delivery-store';
import { parseRuleQuery } from '../notify/rule-filters';
import {
  countRules,
  createRule,
  deleteRule,
  getStoredRule,
  listStoredRules,
  publicRule,
  ruleWithinScope,
  updateRule,
  type RuleRecord,
  type StoredRule,
} from '../notify/rule-store';
import { channelUrlProblem } from '../notify/target-check';
import { principalOf } from '../auth/principal';
import { scopeOf } from '../auth/request-scope';
import { HttpError, invalidParameter } from '../plugins/error-handler';
import type { InventoryDb } from '../store/db';
import { getView } from '../views/view-store';
import { parseWith, pathParam, rawQuery, refuseQuery } from './validate';

export interface RuleRouteDeps {
  db: InventoryDb;
  /** NOTIFY_ALLOW_PRIVATE */
  allowPrivate: boolean;
  /** Sends the rule's sample message now and records it in its log (notify/rule-engine.ts). */
  sendTest(rule: StoredRule): Promise<RuleTestOutcome>;
  /** Resolves a channel's host at save time (tests inject one). */
  resolveHost?: (host: string) => Promise<string[]>;
}

/**
 * The body through its schema: a 400 naming the field by its whole path (`channel.url`,
 * `event_types.1`), as a JSON body nests, unlike a query.
 */
function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue === undefined) throw invalidParameter('', 'the body is invalid');
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const field = [...path, issue.keys[0] ?? ''].join('.');
    throw invalidParameter(field, `${field} is not a known field`);
  }
  const field = path.join('.');
  const message =
    issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
  throw invalidParameter(field, `${field} ${message}`);
}

const notFound = (id: string) => new HttpError(404, 'not_found', `no watch rule has id ${id}`);

function ruleId(request: FastifyRequest): string {
  return pathParam(RuleIdSchema, 'id', (request.params as { id?: string }).id);
}

/** The rule the path names, if the requester's scope covers it; else 404. */
async function visibleRule(db: InventoryDb, request: FastifyRequest): Promise<StoredRule> {
  const id = ruleId(request);
  const rule = await getStoredRule(db, id);
  if (rule === undefined || !ruleWithinScope(rule, scopeOf(request))) throw notFound(id);
  return rule;
}

async function checkFilters(db: InventoryDb, record: RuleRecord): Promise<void> {
  if (record.view_id !== undefined) {
    if ((await getView(db, record.view_id)) === undefined)
      throw invalidParameter('view_id', `view_id names no saved view (${record.view_id})`);
    return;
  }
  const parsed = parseRuleQuery(record.list ?? 'registry', record.query ?? '');
  if (!parsed.ok) throw invalidParameter('query', `query: ${parsed.problem}`);
}

async function checkChannel(deps: RuleRouteDeps, record: RuleRecord): Promise<void> {
  const problem = await channelUrlProblem(record.channel.url, deps.allowPrivate, deps.resolveHost);
  if (problem !== undefined) throw invalidParameter('channel.url', `channel.url ${problem}`);
}

async function answerOf(db: InventoryDb, rule: StoredRule): Promise<WatchRule> {
  const last = (await lastDeliveries(db)).get(rule.id);
  return { ...publicRule(rule), ...(last === undefined ? {} : { last_delivery: last }) };
}

export function registerRuleRoutes(app: FastifyInstance, deps: RuleRouteDeps): void {
  const { db } = deps;

  app.get(API_ROUTES.rules, async (request): Promise<{ data_list: WatchRule[] }> => {
    refuseQuery(request);
    const last = await lastDeliveries(db);
    const scope = scopeOf(request);
    const rules = (await listStoredRules(db)).filter((rule) => ruleWithinScope(rule, scope));
    return {
      data_list: rules.map((rule) => {
        const delivery = last.get(rule.id);
        return {
          ...publicRule(rule),
          ...(delivery === undefined ? {} : { last_delivery: delivery }),
        };
      }),
    };
  });

  app.post(API_ROUTES.rules, async (request, reply) => {
    refuseQuery(request);
    const input = parseBody(RuleInputSchema, request.body);
    const record: RuleRecord = { ...input, channel: { ...input.channel } };
    await checkFilters(db, record);
    await checkChannel(deps, record);
    if ((await countRules(db)) >= RULES_MAX)
      throw invalidParameter('name', `at most ${RULES_MAX} rules can be saved`);
    const rule = await createRule(db, record, Date.now(), principalOf(request));
    return reply.code(201).send(publicRule(rule));
  });

  app.get(API_ROUTES.rule, async (request): Promise<WatchRule> => {
    refuseQuery(request);
    return answerOf(db, await visibleRule(db, request));
  });

  // The channel's URL may be omitted to keep the stored one; an omitted secret keeps the stored
  // secret (the browser has neither), even when the URL is replaced. The rule keeps its scope; one
  // whose scope was not known (made before scopes were kept) takes its unscoped editor's.
  app.put(API_ROUTES.rule, async (request): Promise<WatchRule> => {
    refuseQuery(request);
    const id = ruleId(request);
    const input = parseBody(RuleUpdateSchema, request.body);
    const stored = await visibleRule(db, request);
    const record: RuleRecord = {
      ...input,
      channel: {
        type: input.channel.type,
        url: input.channel.url ?? stored.channel.url,
        secret: input.channel.secret ?? stored.channel.secret,
      },
    };
    await checkFilters(db, record);
    await checkChannel(deps, record);
    const scope = stored.scope ?? scopeOf(request);
    const updated = await updateRule(db, id, record, scope, Date.now());
    if (updated === undefined) throw notFound(id);
    return answerOf(db, updated);
  });

  app.delete(API_ROUTES.rule, async (request, reply) => {
    refuseQuery(request);
    const { id } = await visibleRule(db, request);
    if (!(await deleteRule(db, id))) throw notFound(id);
    return reply.code(204).send();
  });

  app.post(API_ROUTES.ruleTest, async (request): Promise<RuleTestOutcome> => {
    refuseQuery(request);
    return deps.sendTest(await visibleRule(db, request));
  });

  app.get(API_ROUTES.ruleDeliveries, async (request): Promise<RuleDeliveriesPage> => {
    const query = parseWith(RuleDeliveriesQuerySchema, rawQuery(request));
    const { id } = await visibleRule(db, request);
    return deliveriesPage(db, id, query.offset ?? 0, query.limit ?? DELIVERIES_LIMIT.default);
  });
}
