// Test and benchmark support (not imported by the app): a BFF on a random loopback port.
import type { FastifyInstance } from 'fastify';

/** Listens on 127.0.0.1, port chosen by the OS; resolves to the origin, `http://127.0.0.1:<port>`. */
export async function listenOnLoopback(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null)
    throw new Error('the server has no TCP address');
  return `http://127.0.0.1:${address.port}`;
}
