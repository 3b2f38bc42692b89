// For route tests that build a bare Fastify app without the auth plugin: every request acts as
// the given principal (by default the dashboard token's unscoped admin), as the plugin would set.
import type { FastifyInstance } from 'fastify';
import { DASHBOARD_TOKEN_HOLDER, type Principal } from '../auth/principal';

export function actAs(app: FastifyInstance, principal: Principal = DASHBOARD_TOKEN_HOLDER): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    request.principal = principal;
  });
}
