// Personal API tokens: GET/POST /api/tokens, DELETE /api/tokens/{id}. Everyone manages their
// own; an admin sees and revokes everyone's (the role table lets every role in, this narrows).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  API_ROUTES,
  ApiTokenIdSchema,
  ApiTokenInputSchema,
  TOKENS_PER_OWNER_MAX,
  type ApiTokenSummary,
  type CreatedApiToken,
} from '../../shared/contracts';
import { ApiTokenStore, type ApiTokenInfo } from '../auth/api-tokens';
import { principalOf } from '../auth/principal';
import { HttpError, invalidParameter } from '../plugins/error-handler';
import type { InventoryDb } from '../store/db';
import { parseWith, pathParam, refuseQuery } from './validate';

function summary(info: ApiTokenInfo): ApiTokenSummary {
  const { scope: _scope, ...rest } = info;
  return rest;
}

/** Whose tokens this request may see and revoke: the caller's own, or everyone's for an admin. */
function ownerFilter(request: FastifyRequest): string | undefined {
  const principal = principalOf(request);
  return principal.role === 'admin' ? undefined : principal.user;
}

export function registerTokenRoutes(
  app: FastifyInstance,
  deps: { db: InventoryDb; now?: () => number },
): void {
  const now = deps.now ?? Date.now;
  const tokens = new ApiTokenStore(deps.db, now);

  app.get(API_ROUTES.tokens, async (request): Promise<{ data_list: ApiTokenSummary[] }> => {
    refuseQuery(request);
    return { data_list: (await tokens.list(ownerFilter(request))).map(summary) };
  });

  app.post(API_ROUTES.tokens, async (request, reply) => {
    refuseQuery(request);
    const input = parseWith(ApiTokenInputSchema, request.body ?? {});
    if (input.expires_at !== undefined && input.expires_at <= now())
      throw invalidParameter('expires_at', 'expires_at must be in the future');
    const owner = principalOf(request);
    if ((await tokens.list(owner.user)).length >= TOKENS_PER_OWNER_MAX)
      throw invalidParameter('name', `at most ${TOKENS_PER_OWNER_MAX} tokens per user`);
    const created = await tokens.create(owner, input.name, input.expires_at ?? null);
    const answer: CreatedApiToken = { ...summary(created), token: created.token };
    return reply.code(201).header('Cache-Control', 'no-store').send(answer);
  });

  app.delete(API_ROUTES.token, async (request, reply) => {
    refuseQuery(request);
    const id = pathParam(ApiTokenIdSchema, 'id', (request.params as { id?: string }).id);
    if (!(await tokens.revoke(id, ownerFilter(request))))
      throw new HttpError(404, 'not_found', `no token of yours has id ${id}`);
    return reply.code(204).send();
  });
}
