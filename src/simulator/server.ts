// The simulator's HTTP server: HSS, SWR and ACR as the clouds answer them, on plain node:http.
// Every request goes: route → count → latency → auth (signature or token, with lockout) →
// rate limit → injected fault → parameters (HSS lists: validate.ts, the simulator's own reading of
// the vendor tables; the others: contracts schemas) → estate query → vendor body.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import {
  ACR_API_VERSION,
  ACR_REPO_PAGE_SIZE,
  ACR_TAG_PAGE_SIZE,
  ImageIdPathSchema,
  ListRepoTagQuerySchema,
  ListRepositoryQuerySchema,
  SwrNamespacePathSchema,
  SwrRepositoryPathSchema,
  describeIssue,
  firstIssue,
  searchParamsToRecord,
  type ParamIssue,
} from '../shared/contracts';
import type { UpstreamApi } from '../server/upstream/types';
import { verifyHuaweiSignature } from '../server/upstream/huawei/sign';
import { NonceCache, verifyAcs3Signature } from '../server/upstream/alibaba/sign';
import {
  addCicdSharedIdImages,
  addRegistryImages,
  applyDrift,
  generateEstate,
  removeRegistryImages,
  rescanImages,
  DEFAULT_REGION,
  type CicdImageRecord,
  type Estate,
} from './estate';
import { parseFaults, rollFault, type FaultKind, type FaultRule } from './faults';
import {
  parseBasicImageQuery,
  parseCicdImagesQuery,
  parseRegistryImagesQuery,
  queryBasicImages,
  queryCicdImages,
  queryRegistryImages,
  warmQueryIndexes,
  type ParseResult,
} from './query';
import { createRng, type Rng } from './random';
import { SlidingWindowLimiter } from './rate-limit';
import {
  acrRepositoryJson,
  acrTagJson,
  basicImagesJson,
  cicdImageJson,
  listJson,
  registryImageJson,
  swrRepositoryJson,
} from './serialise';

export const DEFAULT_SIM_SEED = 20240601;

export interface SimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  seed?: number;
  registryImages?: number;
  cicdImages?: number;
  huaweiCredentials: Array<{ ak: string; sk: string; projectId: string; region: string }>;
  /** `regionId`: where the key's ACR instances live (ListRepoTag's RegionId must name it). */
  alibabaCredentials: Array<{ accessKeyId: string; accessKeySecret: string; regionId?: string }>;
  /** Accepted as X-Auth-Token. */
  authTokens?: string[];
  /** Calls per credential and API, e.g. "600/min" or "5/1s"; absent means no limit. */
  rateLimit?: string;
  latencyMs?: number;
  /** e.g. "429:0.1,500:0.05,timeout:0.01,malformed:0.01". */
  faults?: string;
  /** Default 60 s; 0 disables the timer (tests call `control.drift()`). */
  driftIntervalMs?: number;
  now?: () => number;
  logger?: (line: string) => void;
  /** More than `maxFailures` consecutive signature failures lock the AK for `lockMs` (5 and 5 min). */
  lockout?: { maxFailures?: number; lockMs?: number };
  /** How long `slow` waits (3 s) and `timeout` holds a socket (120 s). */
  faultTimings?: { slowMs?: number; timeoutMs?: number };
}

export interface SimulatorStats {
  /** Key `${credential}:${api}`: every request that reached an API handler, rejected ones included. */
  calls: Record<string, number>;
  total: number;
  throttled: number;
  authFailures: number;
}

export interface SimulatorControl {
  drift(times?: number): void;
  setFaults(spec: string): void;
  setLatency(ms: number): void;
  setRateLimit(spec: string): void;
  addImages(n: number): void;
  removeImages(n: number): void;
  rescanImages(n: number): void;
  /** Adds CI/CD records with an empty or shared image_id (see addCicdSharedIdImages). */
  addCicdSharedIdImages(): CicdImageRecord[];
  /**
   * Runs before each HSS list page is computed (tests change the estate between the pages of
   * a crawl with it); undefined removes it.
   */
  beforeListPage(hook: ((api: ListApi, offset: number) => void) | undefined): void;
}

type ListApi = 'hss.ListRegistryImages' | 'hss.ListCicdImages';

/** The fault kinds that flaw a list answer's body rather than replace the answer. */
const LIST_BODY_FAULTS = new Set<FaultKind>([
  'no-total',
  'bad-total',
  'empty-object',
  'bad-member',
]);

/** A list body (as listJson writes it) with the flaw `fault` names. */
export function flawListBody(body: string, fault: FaultKind): string {
  switch (fault) {
    case 'no-total':
      return body.replace(/^\{"total_num":\d+,/, '{');
    case 'bad-total':
      return body.replace(/^\{"total_num":\d+,/, '{"total_num":"unknown",');
    case 'empty-object':
      return '{}';
    case 'bad-member':
      // The first record's association list gains a member without an id.
      return body.replace(/"association_images":\[(\]?)/, (_match, closed: string) =>
        closed
          ? '"association_images":[{"image_name":"member without id"}]'
          : '"association_images":[{"image_name":"member without id"},',
      );
    default:
      return body;
  }
}

export interface RunningSimulator {
  url: string;
  port: number;
  estate: Estate;
  close(): Promise<void>;
  control: SimulatorControl;
  stats(): SimulatorStats;
  resetStats(): void;
}

type Provider = 'hss' | 'swr' | 'acr';

interface Route {
  api: UpstreamApi;
  provider: Provider;
  params: Record<string, string>;
}

interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

const JSON_TYPE = 'application/json;charset=UTF-8';
const MAX_BODY_BYTES = 1 << 20;
const OVERSIZE_BYTES = 40 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Routing (raw path segments, so that %2F stays inside one segment)

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function route(
  method: string,
  rawPath: string,
  headers: IncomingMessage['headers'],
): Route | undefined {
  const segments = rawPath.split('/').slice(1);
  if (rawPath === '/' && (method === 'POST' || method === 'GET')) {
    const action = String(headers['x-acs-action'] ?? '');
    if (action === 'ListRepoTag') return { api: 'acr.ListRepoTag', provider: 'acr', params: {} };
    if (action === 'ListRepository')
      return { api: 'acr.ListRepository', provider: 'acr', params: {} };
    return undefined;
  }
  if (method !== 'GET') return undefined;
  const [root, a, b, c, d, e] = segments;
  if (root === 'v5' && segments.length === 5 && b === 'image' && d === 'images' && a) {
    if (c === 'registries')
      return { api: 'hss.ListRegistryImages', provider: 'hss', params: { project_id: a } };
    if (c === 'cicd')
      return { api: 'hss.ListCicdImages', provider: 'hss', params: { project_id: a } };
  }
  if (
    root === 'v5' &&
    segments.length === 5 &&
    b === 'image' &&
    e === undefined &&
    d === 'basic-image' &&
    a &&
    c
  ) {
    const imageId = decodeSegment(c);
    if (imageId === undefined) return undefined;
    return {
      api: 'hss.ListImageBasicImage',
      provider: 'hss',
      params: { project_id: a, image_id: imageId },
    };
  }
  if (
    root === 'v2' &&
    segments.length >= 6 &&
    a === 'manage' &&
    b === 'namespaces' &&
    d === 'repos' &&
    c &&
    e
  ) {
    // A repository's "/" arrives as %2F (Python SDK, this BFF) or as itself (Go and Node SDKs).
    const namespace = decodeSegment(c);
    const parts = segments.slice(5).map(decodeSegment);
    if (namespace === undefined || parts.some((part) => part === undefined)) return undefined;
    const repository = parts.join('/');
    return { api: 'swr.ShowRepository', provider: 'swr', params: { namespace, repository } };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Vendor error bodies

function huaweiError(
  status: number,
  code: string,
  message: string,
  requestId: string,
  withRequestId = true,
): Reply {
  const body: Record<string, string> = { error_code: code, error_msg: message };
  if (withRequestId) body.request_id = requestId;
  return { status, body: JSON.stringify(body) };
}

function swrError(status: number, code: string, message: string): Reply {
  // The current SWR body carries both the new and the old format (upstream-apis.md §C).
  return {
    status,
    body: JSON.stringify({
      errors: [{ errorCode: code, errorMessage: message, detail: '' }],
      error_code: code,
      error_msg: message,
      details: [{ error_code: code, error_msg: message }],
    }),
  };
}

function alibabaError(
  status: number,
  code: string,
  message: string,
  requestId: string,
  host: string,
): Reply {
  return {
    status,
    body: JSON.stringify({
      RequestId: requestId,
      HostId: host,
      Code: code,
      Message: message,
      Recommend: `https://next.api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}&product=cr`,
    }),
  };
}

function hssInvalid(issue: ParamIssue): Reply {
  return huaweiError(400, 'HSS.0001', `Invalid parameter: ${describeIssue(issue)}`, '', false);
}

// ---------------------------------------------------------------------------------------------

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const now = options.now ?? (() => Date.now());
  const log = options.logger ?? (() => undefined);
  const region = options.huaweiCredentials[0]?.region ?? DEFAULT_REGION;
  const seed = options.seed ?? DEFAULT_SIM_SEED;
  const estate = generateEstate({
    seed,
    registryImages: options.registryImages,
    cicdImages: options.cicdImages,
    now: now(),
    region,
  });
  warmQueryIndexes(estate);

  const huaweiSecrets = new Map(options.huaweiCredentials.map((cred) => [cred.ak, cred]));
  const alibabaSecrets = new Map(
    options.alibabaCredentials.map((cred) => [cred.accessKeyId, cred.accessKeySecret]),
  );
  const tokens = new Set(options.authTokens ?? []);
  const maxFailures = options.lockout?.maxFailures ?? 5;
  const lockMs = options.lockout?.lockMs ?? 5 * 60_000;
  const slowMs = options.faultTimings?.slowMs ?? 3_000;
  const timeoutMs = options.faultTimings?.timeoutMs ?? 120_000;

  let faultRules: FaultRule[] = parseFaults(options.faults);
  let listPageHook: ((api: ListApi, offset: number) => void) | undefined;
  let latencyMs = Math.max(0, options.latencyMs ?? 0);
  const limiter = new SlidingWindowLimiter(options.rateLimit);
  const faultRng = createRng(seed ^ 0x5eed);
  const driftRng: Rng = createRng(seed ^ 0xd21f7);
  const nonces = new NonceCache();
  const failures = new Map<string, { consecutive: number; lockedUntil: number }>();
  const heldSockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let oversizeBody: Buffer | undefined;

  let stats: SimulatorStats = { calls: {}, total: 0, throttled: 0, authFailures: 0 };

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  // -------------------------------------------------------------------------------------------
  // Authentication

  type AuthOutcome =
    { ok: true; projectIds: Set<string> | undefined } | { ok: false; reply: Reply };

  function huaweiAuth(
    req: IncomingMessage,
    rawPath: string,
    rawQuery: string,
    body: string,
    requestId: string,
  ): AuthOutcome {
    const token = req.headers['x-auth-token'];
    if (typeof token === 'string' && token !== '') {
      if (tokens.has(token)) {
        const projects = new Set(options.huaweiCredentials.map((cred) => cred.projectId));
        return { ok: true, projectIds: projects.size > 0 ? projects : undefined };
      }
      stats.authFailures++;
      return {
        ok: false,
        reply: huaweiError(
          401,
          'APIG.0301',
          'Incorrect IAM authentication information: decrypt token fail',
          requestId,
        ),
      };
    }
    const claimedAk = /Access=([^,\s]+)/.exec(String(req.headers.authorization ?? ''))?.[1];
    const at = now();
    const record = claimedAk === undefined ? undefined : failures.get(claimedAk);
    if (record && record.lockedUntil > at) {
      stats.authFailures++;
      return {
        ok: false,
        reply: huaweiError(
          401,
          'APIG.0301',
          'Incorrect IAM authentication information: verify aksk signature fail, the AK is locked after repeated failures',
          requestId,
        ),
      };
    }
    const result = verifyHuaweiSignature(
      { method: req.method ?? 'GET', path: rawPath, rawQuery, headers: req.headers, body },
      (ak) => huaweiSecrets.get(ak)?.sk,
      new Date(at),
    );
    if (result.ok) {
      if (claimedAk !== undefined) failures.delete(claimedAk);
      const cred = huaweiSecrets.get(result.ak);
      return { ok: true, projectIds: cred ? new Set([cred.projectId]) : undefined };
    }
    stats.authFailures++;
    if (claimedAk !== undefined) {
      const next = failures.get(claimedAk) ?? { consecutive: 0, lockedUntil: 0 };
      next.consecutive++;
      if (next.consecutive > maxFailures) {
        next.lockedUntil = at + lockMs;
        next.consecutive = 0;
      }
      failures.set(claimedAk, next);
    }
    log(`auth refused (${result.reason})`);
    return {
      ok: false,
      reply: huaweiError(
        401,
        'APIG.0301',
        'Incorrect IAM authentication information: verify aksk signature fail',
        requestId,
      ),
    };
  }

  function acrAuth(
    req: IncomingMessage,
    rawPath: string,
    rawQuery: string,
    body: string,
    requestId: string,
    host: string,
  ): AuthOutcome {
    const result = verifyAcs3Signature(
      { method: req.method ?? 'POST', path: rawPath, rawQuery, headers: req.headers, body },
      (id) => alibabaSecrets.get(id),
      new Date(now()),
      nonces,
    );
    if (result.ok) return { ok: true, projectIds: undefined };
    stats.authFailures++;
    log(`auth refused (${result.reason})`);
    switch (result.reason) {
      case 'unknown_key':
        return {
          ok: false,
          reply: alibabaError(
            404,
            'InvalidAccessKeyId.NotFound',
            'Specified access key is not found.',
            requestId,
            host,
          ),
        };
      case 'stale_date':
        return {
          ok: false,
          reply: alibabaError(
            400,
            'InvalidTimeStamp.Expired',
            'Specified time stamp or date value is expired.',
            requestId,
            host,
          ),
        };
      case 'nonce_reused':
        return {
          ok: false,
          reply: alibabaError(
            400,
            'SignatureNonceUsed',
            'Specified signature nonce was used already.',
            requestId,
            host,
          ),
        };
      default:
        return { ok: false, reply: signatureMismatch(requestId, host) };
    }
  }

  function signatureMismatch(requestId: string, host: string): Reply {
    return alibabaError(
      400,
      'SignatureDoesNotMatch',
      'Specified signature does not match our calculation.',
      requestId,
      host,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Handlers

  function parseOrReply<T>(parsed: ParseResult<T>): T | Reply {
    return parsed.ok ? parsed.value : hssInvalid(parsed.issue);
  }

  function isReply(value: unknown): value is Reply {
    return typeof value === 'object' && value !== null && 'status' in value && 'body' in value;
  }

  function handleHss(
    routeInfo: Route,
    url: URL,
    req: IncomingMessage,
    projectIds: Set<string> | undefined,
    requestId: string,
  ): Reply {
    const projectId = routeInfo.params.project_id ?? '';
    if (projectId.length < 1 || projectId.length > 256) {
      return hssInvalid({ field: 'project_id', message: 'must have 1 to 256 characters' });
    }
    if (projectIds && !projectIds.has(projectId)) {
      return huaweiError(400, 'HSS.0013', 'No permission to access the project', requestId, false);
    }
    const at = now();
    switch (routeInfo.api) {
      case 'hss.ListRegistryImages': {
        const query = parseOrReply(parseRegistryImagesQuery(url.searchParams));
        if (isReply(query)) return query;
        const result = queryRegistryImages(estate, query, at);
        return {
          status: 200,
          body: listJson(
            result.total_num,
            result.data_list.map((row) => registryImageJson(row, estate)),
          ),
        };
      }
      case 'hss.ListCicdImages': {
        const query = parseOrReply(parseCicdImagesQuery(url.searchParams));
        if (isReply(query)) return query;
        const result = queryCicdImages(estate, query, at);
        return {
          status: 200,
          body: listJson(result.total_num, result.data_list.map(cicdImageJson)),
        };
      }
      default: {
        const regionHeader = req.headers.region;
        if (typeof regionHeader !== 'string' || regionHeader === '') {
          return hssInvalid({ field: 'region', message: 'is required (request header)' });
        }
        const imageId = ImageIdPathSchema.safeParse(routeInfo.params.image_id ?? '');
        if (!imageId.success) {
          const issue = firstIssue(imageId.error);
          return hssInvalid({ field: 'image_id', message: issue.message });
        }
        const query = parseOrReply(parseBasicImageQuery(url.searchParams));
        if (isReply(query)) return query;
        const result = queryBasicImages(estate, imageId.data, query);
        if (!result)
          return huaweiError(400, 'HSS.0011', 'The image does not exist', requestId, false);
        return { status: 200, body: basicImagesJson(result.total_num, result.data_list) };
      }
    }
  }

  function handleSwr(routeInfo: Route, req: IncomingMessage): Reply {
    const contentType = String(req.headers['content-type'] ?? '')
      .toLowerCase()
      .replace(/\s/g, '');
    if (contentType !== 'application/json' && contentType !== 'application/json;charset=utf-8') {
      return swrError(
        400,
        'SVCSTG.SWR.4000014',
        'Invalid Content-Type: application/json is required',
      );
    }
    const namespace = SwrNamespacePathSchema.safeParse(routeInfo.params.namespace ?? '');
    if (!namespace.success) {
      return swrError(
        400,
        'SVCSTG.SWR.4000014',
        `Invalid parameter: namespace ${firstIssue(namespace.error).message}`,
      );
    }
    const repository = SwrRepositoryPathSchema.safeParse(routeInfo.params.repository ?? '');
    if (!repository.success) {
      return swrError(
        400,
        'SVCSTG.SWR.4000014',
        `Invalid parameter: repository ${firstIssue(repository.error).message}`,
      );
    }
    const repo = estate.swrRepositories.get(`${namespace.data}/${repository.data}`);
    if (!repo) return swrError(404, 'SVCSTG.SWR.4040010', 'Repository not found');
    return { status: 200, body: swrRepositoryJson(repo) };
  }

  function handleAcr(
    routeInfo: Route,
    url: URL,
    req: IncomingMessage,
    requestId: string,
    host: string,
  ): Reply {
    if (req.headers['x-acs-version'] !== ACR_API_VERSION) {
      return alibabaError(
        400,
        'InvalidVersion',
        'Specified parameter Version is not valid.',
        requestId,
        host,
      );
    }
    const record = searchParamsToRecord(url.searchParams);
    if (!record.ok) return acrInvalid(record.issue);
    const success = { Code: 'success', IsSuccess: true, RequestId: requestId };
    if (routeInfo.api === 'acr.ListRepoTag') {
      const parsed = ListRepoTagQuerySchema.safeParse(record.value);
      if (!parsed.success) return acrInvalid(firstIssue(parsed.error));
      const query = parsed.data;
      const instance = estate.acrInstances.find((item) => item.InstanceId === query.InstanceId);
      if (!instance || !inCredentialRegion(query.RegionId))
        return acrBusinessError('INSTANCE_NOT_EXIST', 'The instance does not exist.');
      const repo = estate.acrRepositories.find(
        (item) => item.RepoId === query.RepoId && item.InstanceId === query.InstanceId,
      );
      if (!repo) return acrBusinessError('REPO_NOT_EXIST', 'The repository does not exist.');
      const pageNo = query.PageNo ?? 1;
      const pageSize = query.PageSize ?? ACR_TAG_PAGE_SIZE.default;
      const images = repo.tags.slice((pageNo - 1) * pageSize, pageNo * pageSize).map(acrTagJson);
      return {
        status: 200,
        body: JSON.stringify({
          ...success,
          PageNo: pageNo,
          PageSize: pageSize,
          TotalCount: String(repo.tags.length),
          Images: images,
        }),
      };
    }
    const parsed = ListRepositoryQuerySchema.safeParse(record.value);
    if (!parsed.success) return acrInvalid(firstIssue(parsed.error));
    const query = parsed.data;
    if (
      !estate.acrInstances.some((item) => item.InstanceId === query.InstanceId) ||
      !inCredentialRegion(query.RegionId)
    ) {
      return acrBusinessError('INSTANCE_NOT_EXIST', 'The instance does not exist.');
    }
    const nameNeedle = query.RepoName?.toLowerCase();
    const matching = estate.acrRepositories.filter(
      (repo) =>
        repo.InstanceId === query.InstanceId &&
        (query.RepoNamespaceName === undefined ||
          repo.RepoNamespaceName === query.RepoNamespaceName) &&
        (nameNeedle === undefined || repo.RepoName.toLowerCase().includes(nameNeedle)) &&
        (query.RepoStatus === undefined ||
          query.RepoStatus === 'ALL' ||
          repo.RepoStatus === query.RepoStatus),
    );
    const pageNo = query.PageNo ?? 1;
    const pageSize = query.PageSize ?? ACR_REPO_PAGE_SIZE.default;
    return {
      status: 200,
      body: JSON.stringify({
        ...success,
        PageNo: pageNo,
        PageSize: pageSize,
        TotalCount: String(matching.length),
        Repositories: matching
          .slice((pageNo - 1) * pageSize, pageNo * pageSize)
          .map(acrRepositoryJson),
      }),
    };

    /** The instances live in the key's region: another RegionId finds none of them. */
    function inCredentialRegion(regionId: string): boolean {
      const accessKeyId = credentialLabel('acr', req);
      const region = options.alibabaCredentials.find(
        (credential) => credential.accessKeyId === accessKeyId,
      )?.regionId;
      return region === undefined || region === regionId;
    }

    function acrInvalid(issue: ParamIssue): Reply {
      if (
        issue.message === 'is required' &&
        (issue.field === 'InstanceId' || issue.field === 'RepoId' || issue.field === 'RegionId')
      ) {
        return alibabaError(
          400,
          `Missing${issue.field}`,
          `${issue.field} is mandatory for this action.`,
          requestId,
          host,
        );
      }
      return alibabaError(
        400,
        'InvalidParameter',
        `Specified parameter ${issue.field} is not valid: ${describeIssue(issue)}`,
        requestId,
        host,
      );
    }

    function acrBusinessError(code: string, message: string): Reply {
      // ACR EE reports business errors with HTTP 200 and IsSuccess false.
      return {
        status: 200,
        body: JSON.stringify({
          Code: code,
          Message: message,
          IsSuccess: false,
          RequestId: requestId,
        }),
      };
    }
  }

  // -------------------------------------------------------------------------------------------
  // Faults

  function faultReply(
    kind: FaultKind,
    provider: Provider,
    requestId: string,
    host: string,
  ): Reply | undefined {
    const acr = provider === 'acr';
    switch (kind) {
      case '429':
      case '429-bare': {
        stats.throttled++;
        const reply = acr
          ? alibabaError(
              429,
              'Throttling.User',
              'Request was denied due to user flow control.',
              requestId,
              host,
            )
          : huaweiError(
              429,
              'APIG.0308',
              'The throttling threshold has been reached: policy user over ratelimit,limit:5,time:1 minute',
              requestId,
            );
        if (kind === '429') reply.headers = { 'Retry-After': '1' };
        return reply;
      }
      case '500':
        if (acr)
          return alibabaError(
            500,
            'InternalError',
            'The request processing has failed due to some unknown error.',
            requestId,
            host,
          );
        if (provider === 'swr') return swrError(500, 'SVCSTG.SWR.5000001', 'Internal error');
        return huaweiError(500, 'HSS.0041', 'Internal system error', requestId, false);
      case '503':
        if (acr)
          return alibabaError(
            503,
            'ServiceUnavailable',
            'The request has failed due to a temporary failure of the server.',
            requestId,
            host,
          );
        return huaweiError(503, 'APIG.0203', 'Backend unavailable', requestId);
      case 'malformed':
        return {
          status: 200,
          body: acr
            ? '{"Code":"success","IsSuccess":true,"Images":[{"Tag":'
            : '{"total_num":3,"data_list":[{"id":1234,"namespace":"',
        };
      case 'content-type':
        return {
          status: 200,
          body: '<!DOCTYPE html><html><head><title>Gateway</title></head><body><h1>Service temporarily unavailable</h1></body></html>',
          headers: { 'Content-Type': 'text/html; charset=utf-8' },
        };
      case 'auth':
        stats.authFailures++;
        return acr
          ? signatureMismatch(requestId, host)
          : huaweiError(
              401,
              'APIG.0301',
              'Incorrect IAM authentication information: verify aksk signature fail',
              requestId,
            );
      default:
        return undefined;
    }
  }

  function oversize(): Buffer {
    if (!oversizeBody) {
      const sample = estate.registryImages[0];
      const item = sample ? registryImageJson(sample, estate) : '{"id":1}';
      const count = Math.ceil(OVERSIZE_BYTES / (item.length + 1));
      oversizeBody = Buffer.from(listJson(count, new Array<string>(count).fill(item)));
    }
    return oversizeBody;
  }

  // -------------------------------------------------------------------------------------------
  // The request pipeline

  async function handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const requestId = randomUUID();
    const rawUrl = req.url ?? '/';
    const queryAt = rawUrl.indexOf('?');
    const rawPath = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
    const rawQuery = queryAt === -1 ? '' : rawUrl.slice(queryAt + 1);
    const url = new URL(rawUrl, 'http://simulator.invalid');
    const host = String(req.headers.host ?? '127.0.0.1');
    const method = req.method ?? 'GET';
    const routeInfo = route(method, rawPath, req.headers);

    const send = (reply: Reply, provider: Provider | undefined, truncate = false): void => {
      const headers: Record<string, string> = { 'Content-Type': JSON_TYPE, ...reply.headers };
      if (provider === 'acr') headers['x-acs-request-id'] = requestId;
      else headers['X-Request-Id'] = requestId;
      const bytes = Buffer.from(reply.body);
      headers['Content-Length'] = String(truncate ? bytes.length + 4096 : bytes.length);
      res.writeHead(reply.status, headers);
      if (truncate) {
        // Promise more than we send, then drop the connection.
        res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
      } else {
        res.end(bytes);
      }
      log(`${method} ${rawPath} ${routeInfo?.api ?? '-'} ${reply.status}`);
    };

    if (!routeInfo) {
      if (rawPath === '/') {
        send(
          alibabaError(
            404,
            'InvalidApi.NotFound',
            'Specified api is not found, please check your url and method.',
            requestId,
            host,
          ),
          'acr',
        );
      } else {
        send(
          huaweiError(
            404,
            'APIG.0101',
            'The API does not exist or has not been published in the environment',
            requestId,
          ),
          'hss',
        );
      }
      return;
    }

    const credential = credentialLabel(routeInfo.provider, req);
    const key = `${credential}:${routeInfo.api}`;
    stats.calls[key] = (stats.calls[key] ?? 0) + 1;
    stats.total++;

    if (latencyMs > 0) await sleep(latencyMs);

    const auth =
      routeInfo.provider === 'acr'
        ? acrAuth(req, rawPath, rawQuery, body, requestId, host)
        : huaweiAuth(req, rawPath, rawQuery, body, requestId);
    if (!auth.ok) return send(auth.reply, routeInfo.provider);

    if (!limiter.tryAcquire(key, now())) {
      stats.throttled++;
      const reply =
        routeInfo.provider === 'acr'
          ? alibabaError(
              429,
              'Throttling.User',
              'Request was denied due to user flow control.',
              requestId,
              host,
            )
          : huaweiError(
              429,
              'APIG.0308',
              `The throttling threshold has been reached: policy user over ratelimit,${limiter.describe()}`,
              requestId,
            );
      reply.headers = {
        'Retry-After': String(Math.max(1, Math.ceil(limiter.retryAfterMs(key, now()) / 1000))),
      };
      return send(reply, routeInfo.provider);
    }

    const fault = rollFault(faultRules, faultRng);
    if (fault === 'timeout') {
      // Never answer; the client gives up. Drop the socket after timeoutMs or on close().
      const socket = req.socket;
      heldSockets.add(socket);
      const timer = setTimeout(() => {
        timers.delete(timer);
        heldSockets.delete(socket);
        socket.destroy();
      }, timeoutMs);
      timers.add(timer);
      socket.once('close', () => {
        heldSockets.delete(socket);
        clearTimeout(timer);
        timers.delete(timer);
      });
      log(`${method} ${rawPath} ${routeInfo.api} fault:timeout`);
      return;
    }
    if (fault === 'slow') await sleep(slowMs);
    if (fault === 'oversize') {
      const bytes = oversize();
      res.writeHead(200, {
        'Content-Type': JSON_TYPE,
        'Content-Length': String(bytes.length),
        'X-Request-Id': requestId,
      });
      res.end(bytes);
      log(`${method} ${rawPath} ${routeInfo.api} fault:oversize`);
      return;
    }
    const bodyFault = fault !== undefined && LIST_BODY_FAULTS.has(fault) ? fault : undefined;
    const injected =
      fault && !bodyFault ? faultReply(fault, routeInfo.provider, requestId, host) : undefined;
    if (injected) return send(injected, routeInfo.provider);

    let reply: Reply;
    switch (routeInfo.provider) {
      case 'hss':
        if (routeInfo.api === 'hss.ListRegistryImages' || routeInfo.api === 'hss.ListCicdImages') {
          listPageHook?.(routeInfo.api, Number(url.searchParams.get('offset') ?? 0));
        }
        reply = handleHss(routeInfo, url, req, auth.projectIds, requestId);
        if (bodyFault && reply.status === 200 && routeInfo.api !== 'hss.ListImageBasicImage') {
          reply = { ...reply, body: flawListBody(reply.body, bodyFault) };
        }
        break;
      case 'swr':
        reply = handleSwr(routeInfo, req);
        break;
      case 'acr':
        reply = handleAcr(routeInfo, url, req, requestId, host);
        break;
    }
    send(reply, routeInfo.provider, fault === 'truncated');
  }

  function credentialLabel(provider: Provider, req: IncomingMessage): string {
    const authorization = String(req.headers.authorization ?? '');
    if (provider === 'acr') return /Credential=([^,\s]+)/.exec(authorization)?.[1] ?? 'anonymous';
    // A token is a secret: count it under a fixed label, never its value.
    if (req.headers['x-auth-token']) return 'token';
    return /Access=([^,\s]+)/.exec(authorization)?.[1] ?? 'anonymous';
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res
          .writeHead(413, { 'Content-Type': JSON_TYPE })
          .end('{"error_code":"APIG.0201","error_msg":"Request entity too large"}');
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.writableEnded) return;
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((error: unknown) => {
        log(`internal error: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) {
          res
            .writeHead(500, { 'Content-Type': JSON_TYPE })
            .end('{"error_code":"HSS.0041","error_msg":"Internal system error"}');
        } else {
          res.destroy();
        }
      });
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('the simulator has no TCP address');
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  const driftEvery = options.driftIntervalMs ?? 60_000;
  const driftTimer =
    driftEvery > 0
      ? setInterval(() => {
          applyDrift(estate, now(), driftRng);
        }, driftEvery)
      : undefined;
  driftTimer?.unref();

  const control: SimulatorControl = {
    drift(times = 1) {
      for (let i = 0; i < times; i++) applyDrift(estate, now(), driftRng);
    },
    setFaults(spec) {
      faultRules = parseFaults(spec);
    },
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    setRateLimit(spec) {
      limiter.setRate(spec);
    },
    addImages(n) {
      addRegistryImages(estate, n, now(), driftRng);
    },
    removeImages(n) {
      removeRegistryImages(estate, n, driftRng);
    },
    rescanImages(n) {
      rescanImages(estate, n, now(), driftRng);
    },
    addCicdSharedIdImages() {
      return addCicdSharedIdImages(estate, now(), driftRng);
    },
    beforeListPage(hook) {
      listPageHook = hook;
    },
  };

  return {
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    estate,
    control,
    stats: () => ({ ...stats, calls: { ...stats.calls } }),
    resetStats() {
      stats = { calls: {}, total: 0, throttled: 0, authFailures: 0 };
    },
    close() {
      if (driftTimer) clearInterval(driftTimer);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of heldSockets) socket.destroy();
      heldSockets.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
