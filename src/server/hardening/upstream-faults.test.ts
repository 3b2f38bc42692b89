// Every fault the simulator injects, on every detail route (basic image, SWR repository, ACR
// tags): the right status and message within the client timeout, the request id, no secret. Then
// the circuit breaker: an upstream that keeps failing is no longer called, and the BFF says so.
import { describe, expect, it, vi } from 'vitest';
import { FAULT_KINDS, type FaultKind } from '../../simulator';
import { startHarness, TEST_TOKEN, type Harness } from '../test-support/bff-harness';
import { basicImagePath, firstPrivateImage, privateImagesOf } from '../test-support/detail-paths';

const CLIENT_TIMEOUT_MS = 1_500;
// The simulator's `timeout` fault holds an answer back far longer than the BFF's client timeout
// (and than the test's own time limit): the BFF answers only because it gives up on its own, and
// its 504 names the client timeout. No wall-clock bound needed (timings live in bench/).
const SIMULATOR_HOLDS_MS = 120_000;

interface Expected {
  status: number;
  code: string;
  message?: RegExp;
  upstreamStatus?: number;
}

const EXPECTED: Record<FaultKind, Expected> = {
  slow: { status: 200, code: '' },
  timeout: { status: 504, code: 'upstream_timeout', message: /did not answer within 1500 ms/ },
  '429': { status: 429, code: 'throttled' },
  '429-bare': { status: 429, code: 'throttled' },
  '500': { status: 502, code: 'upstream_error', upstreamStatus: 500 },
  '503': { status: 502, code: 'upstream_error', upstreamStatus: 503 },
  malformed: { status: 502, code: 'upstream_error', message: /unreadable/ },
  truncated: {
    status: 502,
    code: 'upstream_error',
    message: /broke off|could not reach|unreadable/,
  },
  'content-type': { status: 502, code: 'upstream_error', message: /unreadable/ },
  oversize: { status: 502, code: 'upstream_error', message: /larger than/ },
  auth: { status: 502, code: 'upstream_error', message: /credentials|signature/i },
  // Flaws of list answers only: the detail APIs answer normally.
  'no-total': { status: 200, code: '' },
  'bad-total': { status: 200, code: '' },
  'empty-object': { status: 200, code: '' },
  'bad-member': { status: 200, code: '' },
};

/** The first sync of a small estate: polled, failing only if it never completes. */
const SYNC_WAIT = { timeout: 20_000, interval: 20 };

let variant = 0;

/** A fresh detail URL each time (answers are cached; failures are not, but successes are). */
function detailUrls(harness: Harness): Record<string, string> {
  variant += 1;
  const images = privateImagesOf(harness.sim.estate);
  const image = images[variant % images.length] ?? firstPrivateImage(harness.sim.estate);
  const swrKeys = [...harness.sim.estate.swrRepositories.keys()];
  const swr = swrKeys[variant % swrKeys.length] ?? 'a/b';
  const slash = swr.indexOf('/');
  // Repositories of the configured ACR instance (the harness uses the first one).
  const instance = harness.sim.estate.acrInstances[0]?.InstanceId;
  const repos = harness.sim.estate.acrRepositories.filter((r) => r.InstanceId === instance);
  const repo = repos[variant % repos.length];
  return {
    basicImage: basicImagePath(image, { limit: String(10 + (variant % 190)) }),
    swrRepository: `/api/swr/namespaces/${swr.slice(0, slash)}/repos/${encodeURIComponent(swr.slice(slash + 1))}`,
    acrTags: `/api/acr/repos/${repo?.RepoId ?? 'crr-x'}/tags?PageSize=${1 + (variant % 100)}`,
  };
}

function secretsOf(h: Harness): string[] {
  return [h.keys.huawei.sk, h.keys.alibaba.accessKeySecret, TEST_TOKEN];
}

/** A BFF of its own per fault: a 429 leaves the call budget paused and slowed for a while. */
async function startFaultHarness(): Promise<Harness> {
  const harness = await startHarness({
    // Basic images are asked only for images the inventory holds: mirror it first (no faults yet).
    startSync: true,
    clientTimeoutMs: CLIENT_TIMEOUT_MS,
    faultTimings: { slowMs: 200, timeoutMs: SIMULATOR_HOLDS_MS },
    // This suite checks each fault's own answer; the breaker has its own test below.
    circuitBreaker: { failureThreshold: 10_000 },
  });
  await vi.waitFor(() => expect(harness.server.sync.isReady()).toBe(true), SYNC_WAIT);
  return harness;
}

describe('detail routes under upstream faults', () => {
  it('lists every fault the simulator can inject', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...FAULT_KINDS].sort());
  });

  for (const fault of FAULT_KINDS) {
    it(`answers ${fault} with ${EXPECTED[fault].status}, on its own, with the request id`, async () => {
      const harness = await startFaultHarness();
      harness.sim.control.setFaults(`${fault}:1`);
      try {
        const urls = detailUrls(harness);
        const results = await Promise.all(
          Object.entries(urls).map(async ([route, url]) => {
            const response = await harness.inject({ method: 'GET', url });
            return { route, response };
          }),
        );
        const expected = EXPECTED[fault];
        for (const { route, response } of results) {
          const where = `${fault} on ${route}: ${response.statusCode} ${response.body.slice(0, 300)}`;
          expect(response.statusCode, where).toBe(expected.status);
          const requestId = response.headers['x-request-id'];
          expect(requestId, where).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
          for (const secret of secretsOf(harness))
            expect(response.body, where).not.toContain(secret);
          if (expected.status === 200) continue;
          const body = JSON.parse(response.body) as {
            error: {
              code: string;
              message: string;
              request_id: string;
              upstream?: { status?: number };
            };
          };
          expect(body.error.code, where).toBe(expected.code);
          expect(body.error.request_id, where).toBe(requestId);
          if (expected.message) expect(body.error.message, where).toMatch(expected.message);
          if (expected.upstreamStatus !== undefined)
            expect(body.error.upstream?.status, where).toBe(expected.upstreamStatus);
          if (expected.status === 429)
            expect(response.headers['retry-after'], where).toMatch(/^\d+$/);
        }
        expect(harness.logLines.length).toBeGreaterThan(0);
        for (const line of harness.logLines)
          for (const secret of secretsOf(harness)) expect(line, fault).not.toContain(secret);
      } finally {
        await harness.close();
      }
    }, 30_000);
  }
});

describe('circuit breaker', () => {
  it('stops calling a failing upstream, fails fast with 503 and says when it retries', async () => {
    // The breaker's clock stands still: under load a second could pass between the circuit
    // opening and the refusal, and the message would say 59 s (seen in a Node 24 run).
    const openedAt = Date.now();
    const h = await startHarness({
      clientTimeoutMs: CLIENT_TIMEOUT_MS,
      circuitBreaker: { failureThreshold: 3, coolDownMs: 60_000, now: () => openedAt },
      startSync: true,
    });
    try {
      await vi.waitFor(() => expect(h.server.sync.isReady()).toBe(true), SYNC_WAIT);
      h.sim.control.setFaults('500:1');
      const url = basicImagePath(firstPrivateImage(h.sim.estate));
      const before = h.sim.stats().total;
      // One request: three failed attempts open the circuit; the fourth is refused in the BFF.
      const first = await h.inject({ method: 'GET', url });
      expect(h.sim.stats().total - before).toBe(3);
      expect(first.statusCode, first.body).toBe(503);
      const body = JSON.parse(first.body) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('upstream_unavailable');
      expect(body.error.message).toMatch(/^HSS is failing .*retrying in 60 s$/);
      expect(first.headers['retry-after']).toBe('60');

      // Fails fast: refused in the BFF without a call, even though the upstream is well again.
      h.sim.control.setFaults('');
      const second = await h.inject({ method: 'GET', url });
      expect(second.statusCode).toBe(503);
      expect(h.sim.stats().total - before).toBe(3);

      // Other APIs of the same credential are not affected.
      const swr = [...h.sim.estate.swrRepositories.keys()][0] ?? 'a/b';
      const slash = swr.indexOf('/');
      const other = await h.inject({
        method: 'GET',
        url: `/api/swr/namespaces/${swr.slice(0, slash)}/repos/${encodeURIComponent(swr.slice(slash + 1))}`,
      });
      expect(other.statusCode, other.body).toBe(200);

      const credentialId = [...h.server.clients.byAccount.values()][0]?.credentialId ?? '';
      expect(
        h.server.clients.breakers.status(credentialId)['hss.ListImageBasicImage'],
      ).toMatchObject({ state: 'open', rejected: 2 });
    } finally {
      await h.close();
    }
  }, 30_000);
});
