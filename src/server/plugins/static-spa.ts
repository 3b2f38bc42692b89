// Serves the built SPA from dist/. Unknown GET paths that accept HTML get index.html (client-side
// routes); everything else unknown is a 404 error body, dot-files included. Without a build,
// pages say how to make one.
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorBody } from './error-handler';

function isPageRequest(request: FastifyRequest): boolean {
  const pathname = request.url.split('?')[0] ?? '';
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    !pathname.startsWith('/api/') &&
    pathname !== '/api' &&
    (request.headers.accept ?? '').includes('text/html')
  );
}

const NOT_BUILT_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Imagewatch: app not built</title></head>' +
  '<body><h1>The app has not been built</h1><p>Run <code>npm run build</code> (or <code>npm start</code>, ' +
  'which builds it when needed), then reload this page.</p></body></html>';

/** The build's content-hashed files (Vite's `build.assetsDir`). */
const ASSETS_DIR = 'assets';
const IMMUTABLE = 'public, max-age=31536000, immutable';

export function registerStaticSpa(app: FastifyInstance, options: { distDir: string }): void {
  const distDir = path.resolve(options.distDir);
  const assetsDir = path.join(distDir, ASSETS_DIR);
  const built = existsSync(path.join(distDir, 'index.html'));
  if (built) {
    void app.register(fastifyStatic, {
      root: distDir,
      index: ['index.html'],
      wildcard: true,
      // Build metadata (.vite/manifest.json) and any other hidden file stay private: a 404.
      dotfiles: 'ignore',
      // The build writes .br and .gz copies of its text files (scripts/precompress-assets.mjs):
      // the one the browser accepts is sent, the file itself otherwise.
      preCompressed: true,
      // Vite names each file under assets/ by its content's hash: a new build makes new names, so
      // a browser may keep them for good rather than ask again on every visit. index.html and
      // the unhashed files (favicon) keep the default: asked again each time.
      setHeaders: (reply, filePath) => {
        if (path.relative(assetsDir, filePath).startsWith('..')) return;
        reply.header('cache-control', IMMUTABLE);
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    if (isPageRequest(request)) {
      if (!built) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
      return reply
        .type('text/html; charset=utf-8')
        .header('Cache-Control', 'no-cache')
        .sendFile('index.html');
    }
    const pathname = request.url.split('?')[0] ?? '';
    return reply
      .code(404)
      .send(errorBody(request, 'not_found', `No route ${request.method} ${pathname}.`));
  });
}
