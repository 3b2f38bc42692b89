// Tests only: a BFF harness listening on loopback and a signed-in JSON call to it, for the
// route tests that create, read, change and delete resources over HTTP.
import { afterAll, beforeAll } from 'vitest';
import { startHarness, type Harness, TEST_TOKEN } from './bff-harness';
import { listenOnLoopback } from './listen-loopback';

export interface ApiAnswer {
  status: number;
  text: string;
  body: Record<string, unknown>;
}

export interface ApiCalls {
  /** The harness, once the file's `beforeAll` has started it. */
  harness(): Harness;
  call(method: string, path: string, body?: unknown): Promise<ApiAnswer>;
}

/** Call at a test file's top level: starts the harness before its tests, closes it after. */
export function apiCalls(): ApiCalls {
  let harness: Harness | undefined;
  let url = '';
  beforeAll(async () => {
    harness = await startHarness();
    url = await listenOnLoopback(harness.app);
  });
  afterAll(async () => {
    await harness?.close();
  });
  return {
    harness() {
      if (harness === undefined) throw new Error('the harness starts in beforeAll');
      return harness;
    },
    async call(method, path, body) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${TEST_TOKEN}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return {
        status: response.status,
        text,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      };
    },
  };
}

/** A GET of a test BFF's path with a dashboard token: the status, the body's text, the headers. */
export async function getWithToken(url: string, path: string, token: string) {
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, text: await response.text(), headers: response.headers };
}
