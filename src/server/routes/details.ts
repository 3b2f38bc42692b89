// Detail routes that go to the clouds: basic image (HSS), repository brief (SWR), ACR tags and
// repositories (the inventory's once the instance is mirrored: details/acr-mirror-pages.ts).
// Each call spends budget, so answers are cached (basic images by digest in the
// inventory, for good; the others in memory) and identical concurrent requests share one call.
// When the budget cannot serve a call within ~1.5 s the route answers 202 + Retry-After with a
// QueuedResponse, and the call stays queued in the background and fills the cache.
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  API_ROUTES,
  boolParam,
  DATA_FETCHED_AT_HEADER,
  EXPORT_HEADERS,
  ImageIdPathSchema,
  ListImageBasicImageQuerySchema,
  ListRepoTagQuerySchema,
  ListRepositoryQuerySchema,
  SwrNamespacePathSchema,
  SwrRepositoryPathSchema,
  type ListImageBasicImageQuery,
  type QueryRecord,
} from '../../shared/contracts';
import type { AccountClients, AlibabaClients, HuaweiClients } from '../clients';
import type { AccountConfig, AlibabaAccountConfig } from '../config';
import { readBasicImageCache, writeBasicImageCache } from '../details/basic-image-cache';
import { writeBasicImageAnswer } from '../base-images/base-images-store';
import type { InventoryDb } from '../store/db';
import type { CallOptions } from '../upstream/types';
import { HttpError, invalidParameter } from '../plugins/error-handler';
import { pickAccount } from './accounts';
import { scopeOf } from '../auth/request-scope';
import { allowedOnAxis, type Scope } from '../auth/principal';
import { namespaceMatches } from '../lists/filters';
import { sql, type RawBuilder } from 'kysely';
import { cacheKey, DetailCalls, plain, sendQueued, withFreshness } from './detail-calls';
import {
  acrInstanceMirror,
  mirroredRepositories,
  mirroredRepositoryNamespace,
  mirroredTags,
} from '../details/acr-mirror-pages';
import { parseWith, pathParam, rawQuery, splitQuery } from './validate';

const DETAIL_TTL_MS = 60_000;
const SWR_TTL_MS = 10 * 60_000;
// The base image of an image does not change, so it is kept longer.
const BASIC_IMAGE_TTL_MS = 30 * 60_000;

/** The ACR routes' `reload` extension (contracts bff.ts, acrFreshnessShape). */
function reloadParam(value: string | undefined): boolean {
  if (value === undefined) return false;
  const parsed = boolParam().safeParse(value);
  if (!parsed.success) throw invalidParameter('reload', 'reload must be true or false');
  return parsed.data;
}

function onlyAccount(query: QueryRecord): string | undefined {
  for (const key of Object.keys(query)) {
    if (key !== 'account') throw invalidParameter(key, `${key} is not a known parameter`);
  }
  return query.account;
}

/**
 * The inventory's view of the image a basic-image request names: whether it holds it at all (a
 * made-up id is refused rather than spending the cloud's budget) and, when exactly one image with
 * a digest matches, that digest (the answer is then stored under it).
 */
async function findInventoryImage(
  db: InventoryDb,
  account: string,
  imageId: string,
  query: ListImageBasicImageQuery,
  scope: Scope,
): Promise<{ found: boolean; digest: string | undefined }> {
  let rows: Array<{ image_digest: string }>;
  if (query.image_type === 'cicd') {
    rows = await db
      .selectFrom('cicd_images')
      .select('image_digest')
      .where('account', '=', account)
      .where('image_id', '=', imageId)
      .where(inNamespaceScope(scope))
      .limit(2)
      .execute();
  } else {
    let select = db
      .selectFrom('registry_images')
      .select('image_digest')
      .where('account', '=', account)
      .where('image_id', '=', imageId)
      .where(inNamespaceScope(scope))
      .where('image_type', '=', query.image_type);
    if (query.namespace !== undefined) select = select.where('namespace', '=', query.namespace);
    if (query.image_name !== undefined) select = select.where('image_name', '=', query.image_name);
    if (query.image_version !== undefined)
      select = select.where('image_version', '=', query.image_version);
    rows = await select.limit(2).execute();
  }
  const [only] = rows;
  // Ambiguous identities (one image id under two tags, no tag given) are not stored by digest.
  const digest =
    rows.length === 1 && only && only.image_digest !== '' ? only.image_digest : undefined;
  return { found: rows.length > 0, digest };
}

/**
 * Whether the inventory holds an image in this SWR repository of the basic edition (SwrPrivate,
 * SwrShared): ShowRepository (seed 002) describes only those; an enterprise edition instance's
 * repositories live elsewhere, and a made-up repository must not spend the budget.
 */
async function isBasicSwrRepository(
  db: InventoryDb,
  account: string,
  namespace: string,
  repository: string,
  scope: Scope,
): Promise<boolean> {
  const row = await db
    .selectFrom('registry_images')
    .select('id')
    .where((eb) => eb.and({ account, namespace, image_name: repository }))
    .where(inNamespaceScope(scope))
    .where('registry_type', 'in', ['SwrPrivate', 'SwrShared'])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The scope's namespaces as a Kysely condition (an image outside it is as if it did not exist). */
function inNamespaceScope(scope: Scope): RawBuilder<boolean> {
  return sql<boolean>`${namespaceMatches(scope.namespaces) ?? sql`1 = 1`}`;
}

/**
 * ACR answers asked of the cloud (an instance not mirrored yet) cannot be checked against the
 * inventory's namespaces: a namespace-scoped user may list repositories of a namespace inside the scope
 * (RepoNamespaceName) and nothing else; the refusal is the 404 of an image that does not exist.
 */
function requireAcrNamespaceInScope(scope: Scope, namespace: string | undefined): void {
  if (namespace !== undefined && inScopeNamespace(scope, namespace)) return;
  if (scope.namespaces === null) return;
  throw new HttpError(404, 'not_found', 'No such repository.');
}

function inScopeNamespace(scope: Scope, namespace: string): boolean {
  return scope.namespaces === null || allowedOnAxis(scope.namespaces, namespace);
}

/** A value the account's configuration fixes: any other is outside the configured scope. */
function requireConfigured(field: string, given: string | undefined, configured: string): void {
  if (given !== undefined && given !== configured) {
    throw invalidParameter(
      field,
      `${field} must be the account's configured value (${configured}): other scopes are not served`,
    );
  }
}

/** The request parameters that change a basic-image answer for one digest. */
function basicImageVariant(query: ListImageBasicImageQuery): string {
  const { limit, offset, os_name } = query;
  if (limit === undefined && offset === undefined && os_name === undefined) return '';
  return cacheKey({ limit, offset, os_name });
}

/** The ACR instance and region of the account: a request may repeat them, never change them. */
function acrScope(account: AlibabaAccountConfig, query: QueryRecord) {
  // Any of the account's instances may be named; none names the first.
  const named = account.instanceIds.find((id) => id === query.InstanceId) ?? account.instanceId;
  requireConfigured('InstanceId', query.InstanceId, named);
  requireConfigured('RegionId', query.RegionId, account.credentials.regionId);
  return { InstanceId: named, RegionId: account.credentials.regionId };
}

interface DetailRouteDeps {
  accounts: readonly AccountConfig[];
  clients: ReadonlyMap<string, AccountClients>;
  db: InventoryDb;
  /** The memory cache and calls in flight that the app's detail routes share. */
  detailCalls: DetailCalls;
  /** ACR mirrored: queues an ACR sync cycle of the account (a mirrored route's `reload`). */
  acrRefresh?: AcrRefresh;
}

/** Queues an ACR sync cycle of an account; the answer tells whether it has completed yet. */
export type AcrRefresh = (account: string) => Promise<() => Promise<boolean>>;

/** How long a reload waits for the cycle it queued (the detail routes' answer bound). */
const ACR_RELOAD_WAIT_MS = 4_000;
const ACR_RELOAD_POLL_MS = 100;

/** Waits up to ACR_RELOAD_WAIT_MS for a queued ACR cycle; whether it completed. */
async function awaitAcrRefresh(isDone: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + ACR_RELOAD_WAIT_MS;
  for (;;) {
    if (await isDone()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, ACR_RELOAD_POLL_MS));
  }
}

function huaweiClients(deps: DetailRouteDeps, accountId: string): HuaweiClients {
  const clients = deps.clients.get(accountId);
  if (clients?.provider !== 'huawei')
    throw new HttpError(500, 'internal_error', 'No client for this account.');
  return clients;
}

function alibabaClients(deps: DetailRouteDeps, accountId: string): AlibabaClients {
  const clients = deps.clients.get(accountId);
  if (clients?.provider !== 'alibaba')
    throw new HttpError(500, 'internal_error', 'No client for this account.');
  return clients;
}

function registerBasicImageRoute(app: FastifyInstance, deps: DetailRouteDeps): void {
  app.get<{ Params: { image_id: string } }>(API_ROUTES.basicImage, async (request, reply) => {
    const imageId = pathParam(ImageIdPathSchema, 'image_id', request.params.image_id);
    const { taken, rest } = splitQuery(rawQuery(request), ['account']);
    const query = parseWith(ListImageBasicImageQuerySchema, rest);
    const account = pickAccount(deps.accounts, 'huawei', taken.account, scopeOf(request));
    requireConfigured(
      'enterprise_project_id',
      query.enterprise_project_id,
      account.enterpriseProjectId,
    );
    const upstreamQuery = { ...query, enterprise_project_id: account.enterpriseProjectId };
    const clients = huaweiClients(deps, account.id);
    const budget = clients.budget('hss.ListImageBasicImage');
    const fetchUpstream = async (callOptions: CallOptions) =>
      (await clients.hss.listImageBasicImage(imageId, upstreamQuery, callOptions)).data;

    // The image in the inventory, by its identity (CI/CD: image id; repository images: image id
    // with whatever of namespace, name and tag is given).
    const { found, digest } = await findInventoryImage(
      deps.db,
      account.id,
      imageId,
      query,
      scopeOf(request),
    );
    if (!found) {
      throw new HttpError(
        404,
        'not_found',
        'The inventory holds no such image (not synced yet, or not an image of this account).',
      );
    }
    if (digest === undefined) {
      // No single digest to store it under: kept in memory only.
      const key = cacheKey({ api: 'basic', account: account.id, imageId, ...rest });
      return plain(
        await deps.detailCalls.cachedCall(reply, key, BASIC_IMAGE_TTL_MS, budget, fetchUpstream),
      );
    }
    const stored = {
      account: account.id,
      imageDigest: digest,
      imageType: query.image_type,
      queryKey: basicImageVariant(query),
    };
    const hit = await readBasicImageCache(deps.db, stored);
    if (hit) return hit;
    const key = cacheKey({ api: 'basic-digest', ...stored });
    const outcome = await deps.detailCalls.calls.run(key, budget, async (hooks) => {
      const filled = await readBasicImageCache(deps.db, stored);
      if (filled) return filled;
      const value = await fetchUpstream(hooks);
      const fetchedAt = Date.now();
      await writeBasicImageCache(deps.db, stored, value, fetchedAt);
      // The plain answer is the digest's basic images: the enrichment need not ask for it again.
      if (stored.queryKey === '')
        await writeBasicImageAnswer(deps.db, account.id, digest, value, fetchedAt);
      return value;
    });
    return outcome.kind === 'queued' ? sendQueued(reply, outcome) : outcome.value;
  });
}

function registerSwrRepositoryRoute(app: FastifyInstance, deps: DetailRouteDeps): void {
  app.get<{ Params: { namespace: string; repository: string } }>(
    API_ROUTES.swrRepository,
    async (request, reply) => {
      const namespace = pathParam(SwrNamespacePathSchema, 'namespace', request.params.namespace);
      const repository = pathParam(
        SwrRepositoryPathSchema,
        'repository',
        request.params.repository,
      );
      const scope = scopeOf(request);
      const account = pickAccount(deps.accounts, 'huawei', onlyAccount(rawQuery(request)), scope);
      if (!(await isBasicSwrRepository(deps.db, account.id, namespace, repository, scope))) {
        throw new HttpError(
          404,
          'not_found',
          'The inventory holds no image in this repository of SWR basic edition (SwrPrivate or SwrShared); SWR Enterprise Edition repositories are not described by this API.',
        );
      }
      const clients = huaweiClients(deps, account.id);
      const key = cacheKey({ api: 'swr', account: account.id, namespace, repository });
      return plain(
        await deps.detailCalls.cachedCall(
          reply,
          key,
          SWR_TTL_MS,
          clients.budget('swr.ShowRepository'),
          async (callOptions) =>
            (await clients.swr.showRepository(namespace, repository, callOptions)).data,
        ),
      );
    },
  );
}

/**
 * An ACR answer (tags or repositories): from the cache or one call of the API's budget, with its
 * freshness extensions. The query already holds the account's instance and region.
 */
async function answerAcr<T extends object>(
  deps: DetailRouteDeps,
  reply: FastifyReply,
  request: { accountId: string; reload: boolean; query: object },
  api: 'acr.ListRepoTag' | 'acr.ListRepository',
  load: (acr: AlibabaClients['acr'], callOptions: CallOptions) => Promise<{ data: T }>,
) {
  const clients = alibabaClients(deps, request.accountId);
  const key = cacheKey({ api, account: request.accountId, ...request.query });
  return withFreshness(
    await deps.detailCalls.cachedCall(
      reply,
      key,
      DETAIL_TTL_MS,
      clients.budget(api),
      async (callOptions) => (await load(clients.acr, callOptions)).data,
      { reload: request.reload },
    ),
  );
}

/**
 * An ACR route's answer from the inventory once the instance is mirrored (no ACR call; data age
 * in `synced_at`, `fetched_at` and X-Data-Synced-At; `reload=true` queues an ACR sync cycle of
 * the account), undefined before its first crawl has completed (the caller asks ACR on demand).
 */
async function answerMirroredAcr<T extends object>(
  deps: DetailRouteDeps,
  reply: FastifyReply,
  asked: { accountId: string; instanceId: string; reload: boolean },
  read: () => Promise<T>,
) {
  let mirror = await acrInstanceMirror(deps.db, asked.accountId, asked.instanceId);
  if (!mirror.mirrored || mirror.syncedAt === null) return undefined;
  // A reload: an ACR sync cycle, answered with its result when it completes within the bound;
  // otherwise with the data as it is, the cycle still queued (shown on /api/sync).
  let refreshQueued = false;
  if (asked.reload && deps.acrRefresh) {
    refreshQueued = !(await awaitAcrRefresh(await deps.acrRefresh(asked.accountId)));
    mirror = await acrInstanceMirror(deps.db, asked.accountId, asked.instanceId);
    if (mirror.syncedAt === null) return undefined;
  }
  const page = await read();
  reply.header(EXPORT_HEADERS.syncedAt, String(mirror.syncedAt));
  reply.header(DATA_FETCHED_AT_HEADER, String(mirror.syncedAt));
  return {
    ...page,
    mirrored: true,
    synced_at: mirror.syncedAt,
    fetched_at: mirror.syncedAt,
    ...(refreshQueued ? { refresh_queued: true } : {}),
  };
}

/** Before the instance is mirrored: ACR's own answer, marked so. */
const notMirrored = <T extends object>(answer: T | FastifyReply) =>
  'statusCode' in answer ? answer : { ...answer, mirrored: false, synced_at: null };

function registerAcrRoutes(app: FastifyInstance, deps: DetailRouteDeps): void {
  app.get<{ Params: { RepoId: string } }>(API_ROUTES.acrTags, async (request, reply) => {
    const { taken, rest } = splitQuery(rawQuery(request), ['account', 'reload']);
    const reload = reloadParam(taken.reload);
    if ('RepoId' in rest)
      throw invalidParameter('RepoId', 'RepoId is given in the path, not the query');
    const scope = scopeOf(request);
    const account = pickAccount(deps.accounts, 'alibaba', taken.account, scope);
    const query = parseWith(ListRepoTagQuerySchema, {
      ...rest,
      ...acrScope(account, rest),
      RepoId: request.params.RepoId,
    });
    const mirrored = await answerMirroredAcr(
      deps,
      reply,
      { accountId: account.id, instanceId: query.InstanceId, reload },
      async () => {
        // The inventory knows the repository's namespace: outside the scope it does not exist.
        const namespace = await mirroredRepositoryNamespace(
          deps.db,
          account.id,
          query.InstanceId,
          query.RepoId,
        );
        if (namespace === undefined || !inScopeNamespace(scope, namespace))
          throw new HttpError(404, 'not_found', 'No such repository in the inventory.');
        return mirroredTags(deps.db, account.id, query, request.id);
      },
    );
    if (mirrored) return mirrored;
    // A repository id does not say its namespace before the call.
    requireAcrNamespaceInScope(scope, undefined);
    const asked = { accountId: account.id, reload, query };
    return notMirrored(
      await answerAcr(deps, reply, asked, 'acr.ListRepoTag', (acr, call) =>
        acr.listRepoTag(query, call),
      ),
    );
  });

  app.get(API_ROUTES.acrRepos, async (request, reply) => {
    const { taken, rest } = splitQuery(rawQuery(request), ['account', 'reload']);
    const reload = reloadParam(taken.reload);
    const scope = scopeOf(request);
    const account = pickAccount(deps.accounts, 'alibaba', taken.account, scope);
    const query = parseWith(ListRepositoryQuerySchema, { ...rest, ...acrScope(account, rest) });
    const mirrored = await answerMirroredAcr(
      deps,
      reply,
      { accountId: account.id, instanceId: query.InstanceId, reload },
      () =>
        mirroredRepositories(deps.db, account.id, query, {
          requestId: request.id,
          namespaces: scope.namespaces,
        }),
    );
    if (mirrored) return mirrored;
    requireAcrNamespaceInScope(scope, query.RepoNamespaceName);
    const asked = { accountId: account.id, reload, query };
    return notMirrored(
      await answerAcr(deps, reply, asked, 'acr.ListRepository', (acr, call) =>
        acr.listRepository(query, call),
      ),
    );
  });
}

export function registerDetailRoutes(
  app: FastifyInstance,
  { answerWithinMs, ...deps }: Omit<DetailRouteDeps, 'detailCalls'> & { answerWithinMs?: number },
): void {
  const detailCalls = new DetailCalls(answerWithinMs !== undefined ? { answerWithinMs } : {});
  const routeDeps: DetailRouteDeps = { ...deps, detailCalls };
  registerBasicImageRoute(app, routeDeps);
  registerSwrRepositoryRoute(app, routeDeps);
  registerAcrRoutes(app, routeDeps);
}
