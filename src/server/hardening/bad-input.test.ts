// Property-based bad input over every registered /api route (read from Fastify, so a new route is
// covered or, if it has a path parameter this test cannot fill, fails naming it). Each case is a
// valid request with exactly one hostile part, so the field the 400 must name is known: an
// unknown or prototype key, a repeated key, a control character, non-UTF-8 or overlong value, a
// number past 2^63, a hostile path segment. Never a 5xx, never a call upstream.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as contracts from '../../shared/contracts';
import { cicdRecordKey } from '../lists/cicd-record-key';
import {
  registeredRoutes,
  startHarness,
  type Harness,
  type RegisteredRoute,
} from '../test-support/bff-harness';

const CASES = 10_000;

let harness: Harness;
let routes: RegisteredRoute[];
let pathSamples: Record<string, string>;
let knownNames: string[];

/** Every query parameter name any contract schema declares, plus the BFF's own. */
function contractParamNames(): string[] {
  const names = new Set(['account', 'q', 'columns', 'list', 'full']);
  for (const [exportName, value] of Object.entries(contracts)) {
    if (!exportName.endsWith('QuerySchema')) continue;
    const shape = (value as { shape?: unknown }).shape;
    if (shape && typeof shape === 'object') for (const key of Object.keys(shape)) names.add(key);
  }
  return [...names].sort();
}

/** Required parameters some routes need before they look at anything else. */
function baselineQuery(route: string): Record<string, string> {
  if (route === contracts.API_ROUTES.basicImage) {
    return {
      image_type: 'private_image',
      namespace: 'library',
      image_name: 'nginx',
      image_version: 'latest',
    };
  }
  // The search's q is required: a valid one, so that the mutation is what the 400 names.
  if (route === contracts.API_ROUTES.search || route === contracts.API_ROUTES.searchExport)
    return { q: 'nginx' };
  return {};
}

const NUMERIC_NAME =
  /^(limit|offset|PageNo|PageSize|image_size|max_image_size|days|(start|end)_[a-z_]+)$/;
const ENUM_NAMES = new Set([
  'has_vul',
  'has_malicious_file',
  'has_unsafe_setting',
  'risky',
  'latest_version',
  'is_multarch',
  'scan_status',
  'severity_level',
  'image_type',
  'sort_dir',
  'sort_key',
  'list',
  'full',
]);

const PROTOTYPE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  '__lookupSetter__',
  '%5F%5Fproto%5F%5F',
  '__proto__%5Bpolluted%5D',
  'constructor%5Bprototype%5D%5Bx%5D',
];

const NON_UTF8 = [
  '%FF',
  '%C3%28',
  '%E0%80%80',
  '%ED%A0%80',
  '%C0%AF',
  'ok%FEok',
  '%F8%88%80%80%80',
];

const rawText = (min: number, max: number) =>
  fc.string({ unit: 'binary', minLength: min, maxLength: max }).map(encodeURIComponent);

/** A value no parameter accepts: a control character, non-UTF-8, or far too long. */
const universallyBadValue = fc.oneof(
  fc
    .tuple(
      rawText(0, 8),
      fc.integer({ min: 0, max: 32 }).map((code) => (code === 32 ? 0x7f : code)),
      rawText(0, 8),
    )
    .map(([a, code, b]) => `${a}${encodeURIComponent(String.fromCharCode(code))}${b}`),
  fc.constantFrom(...NON_UTF8),
  fc.integer({ min: 1_100, max: 6_000 }).map((n) => 'a'.repeat(n)),
);

const badNumber = fc.oneof(
  fc.constantFrom(
    '9223372036854775808',
    '18446744073709551616',
    '99999999999999999999999999',
    '-1',
    '1e3',
    '%205',
    '5%20',
    '0x10',
    'NaN',
    'Infinity',
    '1.5',
    '%2B1',
    '',
    '%D9%A3',
    '__proto__',
  ),
  fc.bigInt({ min: 2n ** 63n, max: 2n ** 80n }).map(String),
  fc.bigInt({ min: -(2n ** 70n), max: -1n }).map(String),
);

const badEnum = fc.constantFrom(
  '__proto__',
  'constructor',
  'toString',
  'TRUE',
  'yes',
  '1',
  'High%2C',
  '%2CHigh',
  'high',
  'desc%00',
);

/** Path segments no path parameter accepts (traversal, encoded slashes, controls, bad UTF-8). */
const badSegment = fc.oneof(
  fc.constantFrom(
    '..',
    '.',
    '%2E%2E',
    '..%2F..%2Fetc%2Fpasswd',
    '%2F',
    'a%2Fb%2F..%2F..',
    '%00',
    'a%0Ab',
    '%0D%0ASet-Cookie%3A%20x',
    '%C3%28',
    '%FF',
    'a%20b',
    '%3Cscript%3E',
    '%25',
    '%5C..%5C',
    'a'.repeat(600),
  ),
  fc
    .tuple(fc.string({ maxLength: 6 }), fc.constantFrom('%2F', '%00', '%20', '%3B', '%0A', '%25'))
    .map(([text, bad]) => `${encodeURIComponent(text)}${bad}`),
);

type Mutation =
  | { kind: 'unknown-key'; rawKey: string; rawValue: string }
  | { kind: 'repeated-key'; name: string }
  | { kind: 'bad-value'; name: string; rawValue: string }
  | { kind: 'bad-path'; param: string; rawSegment: string };

function decodedKey(rawKey: string): string {
  return [...new URLSearchParams(`${rawKey}=`).keys()][0] ?? '';
}

function mutationFor(route: RegisteredRoute): fc.Arbitrary<Mutation> {
  const params = [...route.url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1] ?? '');
  const names = fc.constantFrom(...knownNames);
  const options: Array<fc.Arbitrary<Mutation>> = [
    fc
      .record({
        rawKey: fc.oneof(
          fc.constantFrom(...PROTOTYPE_KEYS, ...NON_UTF8.map((bad) => `k${bad}`)),
          rawText(1, 40),
        ),
        rawValue: fc.oneof(rawText(0, 20), universallyBadValue),
      })
      .filter(({ rawKey }) => {
        const key = decodedKey(rawKey);
        return key !== '' && !knownNames.includes(key) && !rawKey.includes('&');
      })
      .map((m) => ({ kind: 'unknown-key' as const, ...m })),
    names.map((name) => ({ kind: 'repeated-key' as const, name })),
    fc
      .record({ name: names, rawValue: universallyBadValue })
      .map((m) => ({ kind: 'bad-value' as const, ...m })),
    names
      .filter((name) => NUMERIC_NAME.test(name) || ENUM_NAMES.has(name))
      .chain((name) =>
        (NUMERIC_NAME.test(name) ? badNumber : badEnum).map((rawValue) => ({
          kind: 'bad-value' as const,
          name,
          rawValue,
        })),
      ),
  ];
  if (params.length > 0) {
    options.push(
      fc
        .record({ param: fc.constantFrom(...params), rawSegment: badSegment })
        .map((m) => ({ kind: 'bad-path' as const, ...m })),
    );
  }
  return fc.oneof(...options);
}

function buildUrl(route: RegisteredRoute, mutation: Mutation): { url: string; field: string } {
  let path = route.url;
  for (const [, name = ''] of route.url.matchAll(/:([A-Za-z_]+)/g)) {
    const value =
      mutation.kind === 'bad-path' && mutation.param === name
        ? mutation.rawSegment
        : encodeURIComponent(pathSamples[name] ?? '');
    path = path.replace(`:${name}`, value);
  }
  const base = baselineQuery(route.url);
  const pairs: string[] = [];
  const overridden = mutation.kind === 'bad-value' || mutation.kind === 'repeated-key';
  for (const [key, value] of Object.entries(base)) {
    if (overridden && key === mutation.name) continue;
    pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  }
  let field: string;
  switch (mutation.kind) {
    case 'unknown-key':
      pairs.push(`${mutation.rawKey}=${mutation.rawValue}`);
      field = decodedKey(mutation.rawKey);
      break;
    case 'repeated-key': {
      const value = encodeURIComponent(base[mutation.name] ?? '1');
      pairs.push(`${mutation.name}=${value}`, `${mutation.name}=${value}`);
      field = mutation.name;
      break;
    }
    case 'bad-value':
      pairs.push(`${mutation.name}=${mutation.rawValue}`);
      field = mutation.name;
      break;
    case 'bad-path':
      field = mutation.param;
      break;
  }
  return { url: pairs.length > 0 ? `${path}?${pairs.join('&')}` : path, field };
}

beforeAll(async () => {
  harness = await startHarness();
  const registry = harness.sim.estate.registryImages[0];
  const cicd = harness.sim.estate.cicdImages[0];
  const swr = [...harness.sim.estate.swrRepositories.keys()][0] ?? 'library/nginx';
  const slash = swr.indexOf('/');
  pathSamples = {
    image_id: registry?.image_id ?? 'sha256:0',
    id: registry?.id ?? '1',
    record_key: cicd === undefined ? 'AAAAAAAAAAAAAAAA' : cicdRecordKey(cicd),
    namespace: swr.slice(0, slash),
    repository: swr.slice(slash + 1),
    RepoId: harness.sim.estate.acrRepositories[0]?.RepoId ?? 'crr-0',
  };
  if (cicd === undefined) throw new Error('empty estate');
  knownNames = contractParamNames();
  routes = registeredRoutes(harness.app).filter(
    (route) => route.url.startsWith('/api') && route.method !== 'HEAD',
  );
});

afterAll(async () => {
  await harness?.close();
});

describe('bad input on every /api route', () => {
  it('finds the routes, and can fill every path parameter', () => {
    expect(routes.length).toBeGreaterThanOrEqual(10);
    for (const route of routes) {
      for (const [, name = ''] of route.url.matchAll(/:([A-Za-z_]+)/g)) {
        expect(
          pathSamples[name],
          `route ${route.method} ${route.url}: path parameter :${name} has no sample in bad-input.test.ts`,
        ).toBeDefined();
      }
    }
  });

  it(`answers ${CASES.toLocaleString('en')} hostile requests with a 400 naming the field, never 5xx, never upstream`, async () => {
    const upstreamBefore = harness.sim.stats().total;
    let count = 0;
    const byRoute = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...routes)
          .chain((route) => mutationFor(route).map((mutation) => ({ route, mutation }))),
        async ({ route, mutation }) => {
          const { url, field } = buildUrl(route, mutation);
          const response = await harness.inject({ method: route.method, url });
          count += 1;
          const key = `${route.method} ${route.url}`;
          byRoute.set(key, (byRoute.get(key) ?? 0) + 1);
          const where = `${route.method} ${url.slice(0, 200)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
          expect(response.statusCode, where).toBeLessThan(500);
          const requestId = response.headers['x-request-id'];
          expect(requestId, where).toBeTypeOf('string');
          if (mutation.kind === 'bad-path' && response.statusCode === 404) return;
          // Dot segments resolve (RFC 3986 §5.2.4): `/api/acr/repos/../tags` is a request of
          // the route at `/api/acr/tags`, answered by it.
          const resolved = new URL(url, 'http://bff.test').pathname;
          if (
            mutation.kind === 'bad-path' &&
            resolved !== url.split('?')[0] &&
            routes.some((other) => other.method === route.method && other.url === resolved)
          )
            return;
          expect(response.statusCode, where).toBe(400);
          const body = JSON.parse(response.body) as {
            error: { code: string; field?: string; message: string; request_id: string };
          };
          expect(body.error.code, where).toBe('invalid_parameter');
          expect(body.error.request_id, where).toBe(requestId);
          const expected = mutation.kind === 'bad-path' ? [field, 'path'] : [field];
          expect(expected, where).toContain(body.error.field);
        },
      ),
      { numRuns: CASES, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
    expect(harness.sim.stats().total, 'calls that reached the upstream').toBe(upstreamBefore);
    const lines = [...byRoute].map(([route, n]) => `  ${route}: ${n}`).join('\n');
    console.log(`bad input: ${count} cases over ${byRoute.size} routes\n${lines}`);
    expect(count).toBe(CASES);
    expect(byRoute.size).toBe(routes.length);
  }, 120_000);
});
