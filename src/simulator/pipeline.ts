// One request through the simulator: route → count → latency → auth (signature or token, with
// lockout) → rate limit → injected fault → the API's handler (parameters, estate query, vendor
// body) → the answer, whole or cut short.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { UpstreamApi } from '../shared/upstream/apis';
import { credentialLabel, type Authenticator } from './auth';
import type { Estate } from './estate';
import { faultReply, flawListBody, isListBodyFault } from './fault-replies';
import { rollFault, type FaultKind, type FaultRule } from './faults';
import { handleAcr } from './handlers/acr';
import { handleHss } from './handlers/hss';
import { handleSwr } from './handlers/swr';
import type { Rng } from './random';
import type { SlidingWindowLimiter } from './rate-limit';
import {
  JSON_TYPE,
  throttledReply,
  unknownApiReply,
  type Provider,
  type Reply,
  type RequestLabels,
} from './replies';
import { route, type Route } from './routing';
import { listJson, registryImageJson } from './serialise';

const OVERSIZE_BYTES = 40 * 1024 * 1024;

export type ListApi = Extract<UpstreamApi, 'hss.ListRegistryImages' | 'hss.ListCicdImages'>;

export interface SimulatorStats {
  /** Key `${credential}:${api}`: every request that reached an API handler, rejected ones included. */
  calls: Record<string, number>;
  total: number;
  throttled: number;
  authFailures: number;
}

/** Timers and held sockets the simulator must clear on close. */
export class Pending {
  readonly timers = new Set<NodeJS.Timeout>();
  readonly heldSockets = new Set<Socket>();

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  /** Never answers on `socket`; drops it after `ms` (the `timeout` fault). */
  hold(socket: Socket, ms: number): void {
    this.heldSockets.add(socket);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.heldSockets.delete(socket);
      socket.destroy();
    }, ms);
    this.timers.add(timer);
    socket.once('close', () => {
      this.heldSockets.delete(socket);
      clearTimeout(timer);
      this.timers.delete(timer);
    });
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const socket of this.heldSockets) socket.destroy();
    this.heldSockets.clear();
  }
}

/** What the pipeline reads and what the control surface changes. */
export interface SimulatorState {
  estate: Estate;
  now: () => number;
  log: (line: string) => void;
  auth: Authenticator;
  limiter: SlidingWindowLimiter;
  faultRules: FaultRule[];
  faultRng: Rng;
  latencyMs: number;
  slowMs: number;
  timeoutMs: number;
  listPageHook: ((api: ListApi, offset: number) => void) | undefined;
  /** The region of each Alibaba key's ACR instances. */
  alibabaRegions: Map<string, string | undefined>;
  stats: SimulatorStats;
  pending: Pending;
  oversizeBody?: Buffer;
}

/** The parts of the request line every step reads. */
interface RequestLine {
  method: string;
  rawPath: string;
  rawQuery: string;
  url: URL;
  labels: RequestLabels;
}

function readRequestLine(req: IncomingMessage): RequestLine {
  const rawUrl = req.url ?? '/';
  const queryAt = rawUrl.indexOf('?');
  return {
    method: req.method ?? 'GET',
    rawPath: queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt),
    rawQuery: queryAt === -1 ? '' : rawUrl.slice(queryAt + 1),
    url: new URL(rawUrl, 'http://simulator.invalid'),
    labels: { requestId: randomUUID(), host: String(req.headers.host ?? '127.0.0.1') },
  };
}

/** Writes `reply` with the request id header of its provider; `truncate` cuts the body short. */
function writeReply(
  res: ServerResponse,
  reply: Reply,
  provider: Provider | undefined,
  requestId: string,
  truncate = false,
): void {
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
}

/** A 40 MB list answer, built once. */
function oversizeBody(state: SimulatorState): Buffer {
  if (!state.oversizeBody) {
    const sample = state.estate.registryImages[0];
    const item = sample ? registryImageJson(sample, state.estate) : '{"id":1}';
    const count = Math.ceil(OVERSIZE_BYTES / (item.length + 1));
    state.oversizeBody = Buffer.from(listJson(count, new Array<string>(count).fill(item)));
  }
  return state.oversizeBody;
}

/** The rate limit's 429, with Retry-After from the window; undefined when the call may pass. */
function rateLimitReply(
  state: SimulatorState,
  key: string,
  routeInfo: Route,
  labels: RequestLabels,
): Reply | undefined {
  if (state.limiter.tryAcquire(key, state.now())) return undefined;
  state.stats.throttled++;
  const retryAfterS = Math.max(1, Math.ceil(state.limiter.retryAfterMs(key, state.now()) / 1000));
  const reply = throttledReply(routeInfo.provider, labels, state.limiter.describe());
  return { ...reply, headers: { 'Retry-After': String(retryAfterS) } };
}

/** The API's own answer, with a list-body flaw when that fault was rolled. */
function apiReply(
  state: SimulatorState,
  routeInfo: Route,
  req: IncomingMessage,
  line: RequestLine,
  projectIds: Set<string> | undefined,
  bodyFault: FaultKind | undefined,
): Reply {
  const { estate } = state;
  switch (routeInfo.provider) {
    case 'hss': {
      if (routeInfo.api === 'hss.ListRegistryImages' || routeInfo.api === 'hss.ListCicdImages') {
        state.listPageHook?.(routeInfo.api, Number(line.url.searchParams.get('offset') ?? 0));
      }
      const call = {
        route: routeInfo,
        url: line.url,
        regionHeader: req.headers.region,
        projectIds,
        requestId: line.labels.requestId,
      };
      const reply = handleHss(estate, call, state.now());
      const flawed =
        bodyFault && reply.status === 200 && routeInfo.api !== 'hss.ListImageBasicImage';
      return flawed ? { ...reply, body: flawListBody(reply.body, bodyFault) } : reply;
    }
    case 'swr':
      return handleSwr(estate, routeInfo, req.headers['content-type']);
    case 'acr':
      return handleAcr(estate, {
        route: routeInfo,
        url: line.url,
        versionHeader: req.headers['x-acs-version'],
        keyRegionId: state.alibabaRegions.get(credentialLabel('acr', req)),
        labels: line.labels,
      });
  }
}

export async function handleRequest(
  state: SimulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
): Promise<void> {
  const line = readRequestLine(req);
  const { method, rawPath, labels } = line;
  const routeInfo = route(method, rawPath, req.headers);
  const send = (reply: Reply, provider: Provider | undefined, truncate = false): void => {
    writeReply(res, reply, provider, labels.requestId, truncate);
    state.log(`${method} ${rawPath} ${routeInfo?.api ?? '-'} ${reply.status}`);
  };
  if (!routeInfo) return send(unknownApiReply(rawPath, labels), rawPath === '/' ? 'acr' : 'hss');
  const { provider } = routeInfo;

  const key = `${credentialLabel(provider, req)}:${routeInfo.api}`;
  state.stats.calls[key] = (state.stats.calls[key] ?? 0) + 1;
  state.stats.total++;
  if (state.latencyMs > 0) await state.pending.sleep(state.latencyMs);

  const received = { method, path: rawPath, rawQuery: line.rawQuery, headers: req.headers, body };
  const auth = state.auth.check(provider, req, received, labels);
  if (!auth.ok) return send(auth.reply, provider);
  const throttled = rateLimitReply(state, key, routeInfo, labels);
  if (throttled) return send(throttled, provider);

  const fault = rollFault(state.faultRules, state.faultRng);
  if (fault === 'timeout') {
    // Never answer; the client gives up. The socket is dropped after timeoutMs or on close().
    state.pending.hold(req.socket, state.timeoutMs);
    return state.log(`${method} ${rawPath} ${routeInfo.api} fault:timeout`);
  }
  if (fault === 'slow') await state.pending.sleep(state.slowMs);
  if (fault === 'oversize') {
    const bytes = oversizeBody(state);
    res.writeHead(200, {
      'Content-Type': JSON_TYPE,
      'Content-Length': String(bytes.length),
      'X-Request-Id': labels.requestId,
    });
    res.end(bytes);
    return state.log(`${method} ${rawPath} ${routeInfo.api} fault:oversize`);
  }
  const bodyFault = isListBodyFault(fault) ? fault : undefined;
  const injected = fault && !bodyFault ? faultReply(fault, provider, labels) : undefined;
  if (injected) {
    if (fault === '429' || fault === '429-bare') state.stats.throttled++;
    if (fault === 'auth') state.stats.authFailures++;
    return send(injected, provider);
  }
  const reply = apiReply(state, routeInfo, req, line, auth.projectIds, bodyFault);
  send(reply, provider, fault === 'truncated');
}
