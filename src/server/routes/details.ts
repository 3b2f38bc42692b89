// Detail routes that go to the clouds: basic image (HSS), repository brief (SWR), ACR tags and
// repositories. Each call spends budget, so answers are cached briefly and identical concurrent
// requests share one upstream call.
import type { FastifyInstance } from 'fastify';
import {
  API_ROUTES,
  ImageIdPathSchema,
  ListImageBasicImageQuerySchema,
  ListRepoTagQuerySchema,
  ListRepositoryQuerySchema,
  SwrNamespacePathSchema,
  SwrRepositoryPathSchema,
  type QueryRecord,
} from '../../shared/contracts';
import type { AccountClients, AlibabaClients, HuaweiClients } from '../clients';
import type { AccountConfig } from '../config';
import { DetailCache } from '../detail-cache';
import { HttpError, invalidParameter } from '../plugins/error-handler';
import { pickAccount } from './accounts';
import { parseWith, rawQuery, splitQuery } from './validate';
import type { z } from 'zod';

const DETAIL_TTL_MS = 60_000;
// The base image of an image does not change, so it is kept longer.
const BASIC_IMAGE_TTL_MS = 30 * 60_000;

function cacheKey(parts: Record<string, unknown>): string {
  return JSON.stringify(Object.entries(parts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function pathParam<S extends z.ZodType>(schema: S, field: string, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'is invalid';
    throw invalidParameter(field, `${field} ${message}`);
  }
  return parsed.data;
}

function onlyAccount(query: QueryRecord): string | undefined {
  for (const key of Object.keys(query)) {
    if (key !== 'account') throw invalidParameter(key, `${key} is not a known parameter`);
  }
  return query.account;
}

export function registerDetailRoutes(
  app: FastifyInstance,
  deps: { accounts: readonly AccountConfig[]; clients: ReadonlyMap<string, AccountClients> },
): void {
  const cache = new DetailCache();

  function huaweiClients(accountId: string): HuaweiClients {
    const clients = deps.clients.get(accountId);
    if (clients?.provider !== 'huawei')
      throw new HttpError(500, 'internal_error', 'No client for this account.');
    return clients;
  }
  function alibabaClients(accountId: string): AlibabaClients {
    const clients = deps.clients.get(accountId);
    if (clients?.provider !== 'alibaba')
      throw new HttpError(500, 'internal_error', 'No client for this account.');
    return clients;
  }

  app.get<{ Params: { image_id: string } }>(API_ROUTES.basicImage, async (request) => {
    const imageId = pathParam(ImageIdPathSchema, 'image_id', request.params.image_id);
    const { taken, rest } = splitQuery(rawQuery(request), ['account']);
    const query = parseWith(ListImageBasicImageQuerySchema, rest);
    const account = pickAccount(deps.accounts, 'huawei', taken.account);
    const upstreamQuery = {
      ...query,
      enterprise_project_id: query.enterprise_project_id ?? account.enterpriseProjectId,
    };
    const { hss } = huaweiClients(account.id);
    const key = cacheKey({ api: 'basic', account: account.id, imageId, ...rest });
    const { value } = await cache.get(
      key,
      BASIC_IMAGE_TTL_MS,
      async () => (await hss.listImageBasicImage(imageId, upstreamQuery)).data,
    );
    return value;
  });

  app.get<{ Params: { namespace: string; repository: string } }>(
    API_ROUTES.swrRepository,
    async (request) => {
      const namespace = pathParam(SwrNamespacePathSchema, 'namespace', request.params.namespace);
      const repository = pathParam(
        SwrRepositoryPathSchema,
        'repository',
        request.params.repository,
      );
      const account = pickAccount(deps.accounts, 'huawei', onlyAccount(rawQuery(request)));
      const { swr } = huaweiClients(account.id);
      const key = cacheKey({ api: 'swr', account: account.id, namespace, repository });
      const { value } = await cache.get(
        key,
        DETAIL_TTL_MS,
        async () => (await swr.showRepository(namespace, repository)).data,
      );
      return value;
    },
  );

  app.get<{ Params: { RepoId: string } }>(API_ROUTES.acrTags, async (request) => {
    const { taken, rest } = splitQuery(rawQuery(request), ['account']);
    if ('RepoId' in rest)
      throw invalidParameter('RepoId', 'RepoId is given in the path, not the query');
    const account = pickAccount(deps.accounts, 'alibaba', taken.account);
    const query = parseWith(ListRepoTagQuerySchema, {
      InstanceId: account.instanceId,
      ...rest,
      RepoId: request.params.RepoId,
    });
    const { acr } = alibabaClients(account.id);
    const key = cacheKey({ api: 'acr.tags', account: account.id, ...query });
    const { value } = await cache.get(
      key,
      DETAIL_TTL_MS,
      async () => (await acr.listRepoTag(query)).data,
    );
    return value;
  });

  app.get(API_ROUTES.acrRepos, async (request) => {
    const { taken, rest } = splitQuery(rawQuery(request), ['account']);
    const account = pickAccount(deps.accounts, 'alibaba', taken.account);
    const query = parseWith(ListRepositoryQuerySchema, { InstanceId: account.instanceId, ...rest });
    const { acr } = alibabaClients(account.id);
    const key = cacheKey({ api: 'acr.repos', account: account.id, ...query });
    const { value } = await cache.get(
      key,
      DETAIL_TTL_MS,
      async () => (await acr.listRepository(query)).data,
    );
    return value;
  });
}
