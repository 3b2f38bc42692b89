// Saved views: GET/POST /api/views, GET/PUT/DELETE /api/views/{id}. A view's `query` must be a
// query its list's route accepts (the app's own parameters aside), so that opening it never
// meets a 400; names are unique.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  API_ROUTES,
  SavedViewInputSchema,
  VIEWS_MAX,
  ViewIdSchema,
  firstIssue,
  searchParamsToRecord,
  type SavedView,
  type SavedViewInput,
} from '../../shared/contracts';
import { listSpec } from '../lists';
import { scopeOf } from '../auth/request-scope';
import { rulesOfView, ruleWithinScope } from '../notify/rule-store';
import { HttpError, invalidParameter } from '../plugins/error-handler';
import type { InventoryDb } from '../store/db';
import {
  countViews,
  createView,
  deleteView,
  getView,
  listViews,
  updateView,
  viewIdNamed,
} from '../views/view-store';
import { parseWith, pathParam, refuseQuery } from './validate';

/**
 * Parameters of the app's URL that are not list filters (README, "The app's URLs"): the open
 * image, the language, relative time ranges and the export's choices.
 */
export const APP_ONLY = (key: string) =>
  key === 'image' || key === 'lang' || key.endsWith('_within') || key.startsWith('export_');

function checkQuery(input: SavedViewInput): void {
  const record = searchParamsToRecord(new URLSearchParams(input.query));
  if (!record.ok)
    throw invalidParameter('query', `query: ${record.issue.field} ${record.issue.message}`);
  const filters = Object.fromEntries(
    Object.entries(record.value).filter(([key]) => !APP_ONLY(key)),
  );
  const parsed = listSpec(input.list).querySchema.safeParse(filters);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error);
    throw invalidParameter('query', `query: ${issue.field} ${issue.message}`);
  }
}

async function validInput(
  db: InventoryDb,
  request: FastifyRequest,
  id?: string,
): Promise<SavedViewInput> {
  refuseQuery(request);
  const input = parseWith(SavedViewInputSchema, request.body ?? {});
  checkQuery(input);
  const named = await viewIdNamed(db, input.name);
  if (named !== undefined && named !== id)
    throw invalidParameter('name', 'name is taken by another view');
  return input;
}

/** The path's view id; a view route takes no query parameter. */
function viewId(request: FastifyRequest): string {
  refuseQuery(request);
  return pathParam(ViewIdSchema, 'id', (request.params as { id?: string }).id);
}

const notFound = (id: string) => new HttpError(404, 'not_found', `no saved view has id ${id}`);

export function registerViewRoutes(app: FastifyInstance, deps: { db: InventoryDb }): void {
  const { db } = deps;
  app.get(API_ROUTES.views, async (request): Promise<{ data_list: SavedView[] }> => {
    refuseQuery(request);
    return { data_list: await listViews(db) };
  });

  app.post(API_ROUTES.views, async (request, reply) => {
    const input = await validInput(db, request);
    if ((await countViews(db)) >= VIEWS_MAX)
      throw invalidParameter('name', `at most ${VIEWS_MAX} views can be saved`);
    return reply.code(201).send(await createView(db, input, Date.now()));
  });

  app.get(API_ROUTES.view, async (request): Promise<SavedView> => {
    const id = viewId(request);
    return (await getView(db, id)) ?? Promise.reject(notFound(id));
  });

  app.put(API_ROUTES.view, async (request): Promise<SavedView> => {
    const id = viewId(request);
    const input = await validInput(db, request, id);
    return (await updateView(db, id, input, Date.now())) ?? Promise.reject(notFound(id));
  });

  // A view a rule follows is not deleted (the rule would lose its filters): 409 naming the rules
  // the caller may see and counting the others (their names and ids are not theirs to learn).
  app.delete(API_ROUTES.view, async (request, reply) => {
    const id = viewId(request);
    if (await deleteView(db, id)) return reply.code(204).send();
    const rules = await rulesOfView(db, id);
    if (rules.length === 0) throw notFound(id);
    const scope = scopeOf(request);
    const visible = rules
      .filter((rule) => ruleWithinScope(rule, scope))
      .map((rule) => ({ id: rule.id, name: rule.name }));
    const hidden = rules.length - visible.length;
    throw new HttpError(409, 'conflict', inUseMessage(visible, hidden), {
      detail: {
        reason: 'view_in_use',
        rules: visible,
        ...(hidden > 0 ? { hidden_rules: hidden } : {}),
      },
    });
  });
}

const ruleWord = (count: number) => (count === 1 ? 'rule' : 'rules');

/** "followed by 2 watch rules (a, b) and 1 other rule you cannot see; …". */
function inUseMessage(visible: readonly { name: string }[], hidden: number): string {
  const parts: string[] = [];
  if (visible.length > 0) {
    const names = visible.map((rule) => rule.name).join(', ');
    parts.push(`${visible.length} watch ${ruleWord(visible.length)} (${names})`);
  }
  if (hidden > 0)
    parts.push(
      `${hidden} ${visible.length > 0 ? 'other' : 'watch'} ${ruleWord(hidden)} you cannot see`,
    );
  // Rules the caller cannot see are not theirs to change: only say what keeps the view.
  const next =
    hidden > 0
      ? 'the view stays until no rule follows it'
      : `change or delete ${visible.length === 1 ? 'it' : 'them'} first`;
  return `the view is followed by ${parts.join(' and ')}; ${next}`;
}
