// Liveness and readiness (no auth). Ready means every configured list has a first full sync.
import type { FastifyInstance } from 'fastify';
import { API_ROUTES } from '../../shared/contracts';
import type { SyncService } from './types';

export function registerHealthRoutes(app: FastifyInstance, deps: { sync: SyncService }): void {
  app.get(API_ROUTES.healthz, async () => ({ status: 'ok' }));

  app.get(API_ROUTES.readyz, async (_request, reply) => {
    if (deps.sync.isReady()) return { status: 'ready' };
    const status = await deps.sync.getSyncStatus();
    // Public route: progress only, no error texts or budgets.
    const lists = status.accounts.flatMap((account) =>
      account.lists.map((list) => ({
        account: account.account,
        list: list.list,
        state: list.state,
        rows: list.rows,
        crawl: list.crawl,
        last_full_sync: list.last_full_sync,
      })),
    );
    return reply.code(503).send({ status: 'not_ready', lists });
  });
}
