// The built SPA's cache headers (content-hashed files kept for good, the page asked again) and
// its compressed copies (sent to a browser that accepts them).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressFiles } from '../../../scripts/precompress-assets.mjs';
import { startHarness, type Harness } from '../test-support/bff-harness';

// A chunk large enough to be worth compressing, as the build's are.
const CHUNK = `export const rows = [${Array.from({ length: 400 }, (_, i) => `"row ${i}"`).join(', ')}];\n`;

describe('the built SPA', () => {
  let dist: string;
  let served: Harness;
  beforeAll(async () => {
    dist = mkdtempSync(path.join(tmpdir(), 'imagewatch-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(path.join(dist, 'assets', 'index-AbC123.js'), 'console.log(1)');
    writeFileSync(path.join(dist, 'assets', 'list-XyZ789.js'), CHUNK);
    mkdirSync(path.join(dist, '.vite'));
    writeFileSync(path.join(dist, '.vite', 'manifest.json'), JSON.stringify({ chunk: CHUNK }));
    precompressFiles(dist);
    served = await startHarness({ distDir: dist });
  });
  afterAll(async () => {
    await served.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const get = (url: string, accept = '*/*', acceptEncoding = '') =>
    served.inject({
      method: 'GET',
      url,
      headers: { accept, 'accept-encoding': acceptEncoding },
      auth: false,
    });

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

  it('sends the compressed copy a browser accepts, the file itself to one that accepts none', async () => {
    const url = '/assets/list-XyZ789.js';
    const brotli = await get(url, '*/*', 'gzip, deflate, br');
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['content-type']).toMatch(/javascript/);
    expect(brotli.headers.vary).toMatch(/accept-encoding/i);
    expect(brotli.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotli.rawPayload.length).toBeLessThan(CHUNK.length / 3);
    expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe(CHUNK);

    const gzip = await get(url, '*/*', 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(CHUNK);

    const plain = await get(url);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(CHUNK);
  });

  it('compresses neither a file too small to gain nor the hidden build metadata', () => {
    expect(existsSync(path.join(dist, 'assets', 'list-XyZ789.js.br'))).toBe(true);
    expect(existsSync(path.join(dist, 'assets', 'index-AbC123.js.br'))).toBe(false);
    expect(existsSync(path.join(dist, '.vite', 'manifest.json.br'))).toBe(false);
  });
});
