// The by-key image routes against the real simulator and BFF over HTTP: each answers exactly the
// row the list route gives, 404 not_found for an unknown key, 400 naming the field for a bad one,
// and never calls the upstream (they read the inventory only).
import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../simulator';
import {
  API_ROUTES,
  CicdImagesPageSchema,
  ErrorBodySchema,
  fillPath,
  RegistryImagesPageSchema,
} from '../shared/contracts';
import { useTestBff } from './test-support/hooks';

const TOKEN = 'image-by-id-test-dashboard-token-0123456789';
let sim: RunningSimulator;
let baseUrl: string;

async function call(path: string, init: { auth?: boolean } = {}) {
  const headers = new Headers();
  if (init.auth !== false) headers.set('authorization', `Bearer ${TOKEN}`);
  const response = await fetch(`${baseUrl}${path}`, { headers });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) as unknown };
}

const bff = useTestBff(
  { seed: 11, registryImages: 400, cicdImages: 60, rateLimit: '600/min' },
  { DASHBOARD_TOKEN: TOKEN, HSS_CALL_BUDGET: '600/min', LOG_LEVEL: 'warn' },
  {
    prepare: async () => {
      baseUrl = bff.url;
      sim = bff.harness.sim;
    },
    firstSync: true,
  },
);

async function registryPage(query: string) {
  return RegistryImagesPageSchema.parse(
    (await call(`${API_ROUTES.registryImages}?${query}`)).json(),
  );
}

describe('GET /api/hss/registry-images/:id', () => {
  it('answers the same normalised image as the list, for plain, multi-architecture and failed images', async () => {
    const plain = (await registryPage('limit=3')).data_list;
    const multiArch = (await registryPage('is_multarch=true&limit=2')).data_list;
    const failed = (await registryPage('scan_status=failed&limit=2')).data_list;
    // The largest id is the 64-bit edge: it must come back digit for digit.
    const largest = (await registryPage('sort_key=id&sort_dir=desc&limit=1')).data_list;
    const samples = [...plain, ...multiArch, ...failed, ...largest];
    expect(multiArch.length).toBeGreaterThan(0);
    expect(multiArch[0]?.association_images.length).toBeGreaterThan(0);
    expect(failed.length).toBeGreaterThan(0);
    for (const image of samples) {
      const response = await call(fillPath(API_ROUTES.registryImage, { id: image.id }));
      expect(response.status, image.id).toBe(200);
      // The raw JSON, not a re-parse: ids must be strings on the wire.
      expect(response.json()).toEqual(image);
      expect(response.text).toContain(`"id":"${image.id}"`);
    }
  });

  it('answers 404 not_found for an id the inventory does not hold', async () => {
    const known = new Set(sim.estate.registryImages.map((image) => String(image.id)));
    const unknown = ['0', '1', '9223372036854775000'].filter((id) => !known.has(id));
    expect(unknown.length).toBeGreaterThan(0);
    for (const id of unknown) {
      const response = await call(fillPath(API_ROUTES.registryImage, { id }));
      expect(response.status).toBe(404);
      expect(ErrorBodySchema.parse(response.json()).error.code).toBe('not_found');
    }
  });

  it('refuses a malformed id or query with 400 naming the field, without calling the upstream', async () => {
    const before = sim.stats().total;
    const cases: Array<[string, string]> = [
      ['/api/hss/registry-images/abc', 'id'],
      ['/api/hss/registry-images/-1', 'id'],
      ['/api/hss/registry-images/007', 'id'],
      ['/api/hss/registry-images/12.5', 'id'],
      ['/api/hss/registry-images/9223372036854775808', 'id'],
      ['/api/hss/registry-images/12345678901234567890', 'id'],
      ['/api/hss/registry-images/1?bogus=1', 'bogus'],
      ['/api/hss/registry-images/1?account=nobody', 'account'],
      ['/api/hss/registry-images/1?account=a&account=b', 'account'],
      ['/api/hss/cicd-images/bad%20id', 'record_key'],
      [`/api/hss/cicd-images/${'a'.repeat(129)}`, 'record_key'],
      ['/api/hss/cicd-images/abc?limit=5', 'limit'],
    ];
    for (const [path, field] of cases) {
      const response = await call(path);
      expect(response.status, path).toBe(400);
      const body = ErrorBodySchema.parse(response.json());
      expect(body.error.code, path).toBe('invalid_parameter');
      expect(body.error.field, path).toBe(field);
    }
    expect(sim.stats().total).toBe(before);
  });

  it('needs the dashboard token', async () => {
    const response = await call('/api/hss/registry-images/1', { auth: false });
    expect(response.status).toBe(401);
  });
});

describe('GET /api/hss/cicd-images/:record_key', () => {
  it('answers the same normalised image as the list, by record key or unique image_id, and 404 not_found for an unknown key', async () => {
    const before = sim.stats().total;
    const page = CicdImagesPageSchema.parse(
      (await call(`${API_ROUTES.cicdImages}?limit=10`)).json(),
    );
    expect(page.data_list.length).toBeGreaterThan(0);
    for (const image of page.data_list.slice(0, 4)) {
      const response = await call(fillPath(API_ROUTES.cicdImage, { record_key: image.record_key }));
      expect(response.status, image.record_key).toBe(200);
      expect(response.json()).toEqual(image);
      // A link made before record keys (the simulator's image_ids here are unique).
      const old = await call(fillPath(API_ROUTES.cicdImage, { record_key: image.image_id }));
      expect(old.json()).toEqual(image);
    }
    const missing = await call(fillPath(API_ROUTES.cicdImage, { record_key: 'no-such-image' }));
    expect(missing.status).toBe(404);
    expect(ErrorBodySchema.parse(missing.json()).error.code).toBe('not_found');
    expect(sim.stats().total).toBe(before);
  });
});
