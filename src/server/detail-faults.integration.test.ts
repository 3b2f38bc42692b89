// Every detail route answers within its bound under every fault the simulator injects, each fault
// on every call (probability 1): the answer, 202 queued (the call goes on in the background), or
// an error that says when to ask again and what the cloud said. Never a hang: before the bound,
// a route that kept retrying a throttled HSS held the request until the 30 s connection timeout.
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorBodySchema, QueuedResponseSchema } from '../shared/contracts';
import { FAULT_KINDS, type FaultKind } from '../simulator/faults';
import { basicImagePath } from './test-support/detail-paths';
import { inventoryBackends, type InventoryBackend } from './test-support/test-backends';
import { startTestBff, type TestBff } from './test-support/sync-harness';

const TOKEN = 'detail-faults-test-token-0123456789';
/**
 * The routes' answer bound here (4 s in the app): still above a 5xx's three retries (at most
 * 1.75 s of backoff), so those answer 502 as with the default, and above the slow fault's delay,
 * so it answers 200; a persistent 429 or a timeout waits the bound itself, once per route.
 */
const ANSWER_WITHIN_MS = 2_500;
const SLOW_FAULT_MS = 500;
let bff: TestBff | undefined;

afterEach(async () => {
  await bff?.close();
  bff = undefined;
});

interface Answer {
  route: string;
  status: number;
  headers: Headers;
  body: unknown;
}

async function get(url: string, route: string, path: string): Promise<Answer> {
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return { route, status: response.status, headers: response.headers, body: await response.json() };
}

/** A BFF over a simulator, its inventory mirrored (no faults yet), and a path per detail route. */
async function startMirrored(
  backend: InventoryBackend,
): Promise<{ bff: TestBff; paths: Record<string, string> }> {
  const started = await startTestBff(
    { seed: 16, registryImages: 60, cicdImages: 10, faultTimings: { slowMs: SLOW_FAULT_MS } },
    {
      DASHBOARD_TOKEN: TOKEN,
      HSS_CALL_BUDGET: '5/min',
      ACR_CALL_BUDGET: '60/min',
      LOG_LEVEL: 'silent',
    },
    { openDb: () => backend.open(), detailAnswerWithinMs: ANSWER_WITHIN_MS },
  );
  bff = started;
  const { server, harness } = started;
  server.sync.start();
  while (!server.sync.isReady()) await new Promise((resolve) => setTimeout(resolve, 50));
  const estate = harness.sim.estate;
  const image = estate.registryImages.find(
    (candidate) =>
      candidate.image_type === 'private_image' && candidate.registry_type === 'SwrPrivate',
  );
  const repo = estate.acrRepositories[0];
  if (!image || !repo) throw new Error('the estate lacks a private SWR image or an ACR repo');
  return {
    bff: started,
    paths: {
      basicImage: basicImagePath(image),
      swrRepository: `/api/swr/namespaces/${image.namespace}/repos/${encodeURIComponent(image.image_name)}`,
      acrTags: `/api/acr/repos/${repo.RepoId}/tags`,
      acrRepos: `/api/acr/repos`,
    },
  };
}

function expectBoundedAnswer(answer: Answer, fault: FaultKind): void {
  const where = `${answer.route} under ${fault}`;
  expect([200, 202, 429, 502, 503, 504], where).toContain(answer.status);
  if (answer.status === 202) {
    QueuedResponseSchema.parse(answer.body);
    expect(Number(answer.headers.get('retry-after')), where).toBeGreaterThanOrEqual(1);
  }
  if (answer.status >= 400) {
    const { error } = ErrorBodySchema.parse(answer.body);
    // The BFF's own request id, as the response header names it.
    expect(error.request_id, where).toBe(answer.headers.get('x-request-id'));
    if (answer.status === 429 || answer.status === 503) {
      expect(Number(answer.headers.get('retry-after')), where).toBeGreaterThanOrEqual(1);
      // The cloud's code and request id, as the simulator words them (e.g. APIG.0308).
      expect(error.upstream?.code, where).toMatch(/^[A-Za-z][\w.]*\.\w+$|^[A-Z][A-Za-z.]+$/);
      expect(error.upstream?.request_id, where).toMatch(/^[\w-]{8,}$/);
    }
  }
}

// On PostgreSQL the call budgets are SharedCallBudgets (shared-budget.ts), one per replica set.
describe.each(inventoryBackends())('detail routes under injected faults ($name)', (backend) => {
  it.each(FAULT_KINDS.map((fault) => [fault]))(
    'every detail route answers under %s on every call',
    async (fault) => {
      const { bff: started, paths } = await startMirrored(backend);
      started.harness.sim.control.setFaults(`${fault}:1`);
      const answers = await Promise.all(
        Object.entries(paths).map(([route, path]) => get(started.url, route, path)),
      );
      for (const answer of answers) expectBoundedAnswer(answer, fault);
      if (fault === '429') {
        // Persistent throttling: said within the bound, with the cloud's code and request id.
        for (const answer of answers) {
          expect(answer.status, answer.route).toBe(429);
          const { error } = ErrorBodySchema.parse(answer.body);
          expect(error.upstream?.code, answer.route).toBe(
            answer.route.startsWith('acr') ? 'Throttling.User' : 'APIG.0308',
          );
        }
      }
    },
  );
});
