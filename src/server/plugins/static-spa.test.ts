// The built SPA's cache headers: content-hashed files kept for good, the page asked again.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../test-support/bff-harness';

describe('the built SPA', () => {
  let dist: string;
  let served: Harness;
  beforeAll(async () => {
    dist = mkdtempSync(path.join(tmpdir(), 'imagewatch-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(path.join(dist, 'assets', 'index-AbC123.js'), 'console.log(1)');
    served = await startHarness({ distDir: dist });
  });
  afterAll(async () => {
    await served.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const get = (url: string, accept = '*/*') =>
    served.inject({ method: 'GET', url, headers: { accept }, auth: false });

  it('lets a browser keep a content-hashed file for good', async () => {
    const response = await get('/assets/index-AbC123.js');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('has the page and the unhashed files asked again each time', async () => {
    for (const [url, accept] of [
      ['/', 'text/html'],
      ['/registry-images', 'text/html'],
      ['/favicon.svg', '*/*'],
    ] as const) {
      const response = await get(url, accept);
      expect(response.statusCode, url).toBe(200);
      expect(String(response.headers['cache-control']), url).not.toMatch(/immutable|max-age=[1-9]/);
    }
  });
});
