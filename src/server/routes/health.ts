// Liveness and readiness (no auth). Ready means the inventory database answers and every
// configured list has a first full sync (persisted: a replica over an existing inventory is ready
// at once).
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { API_ROUTES } from '../../shared/contracts';
import type { InventoryDb } from '../store/db';
import type { SyncService } from './types';

const DATABASE_CHECK_TIMEOUT_MS = 3_000;

/** True when the inventory answers a trivial query within the timeout. */
async function databaseAnswers(db: InventoryDb): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), DATABASE_CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      sql`select 1`.execute(db).then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function registerHealthRoutes(
  app: FastifyInstance,
  deps: { sync: SyncService; db?: InventoryDb },
): void {
  app.get(API_ROUTES.healthz, async () => ({ status: 'ok' }));

  app.get(API_ROUTES.readyz, async (_request, reply) => {
    if (deps.db && !(await databaseAnswers(deps.db))) {
      reply.header('Retry-After', '5');
      return reply.code(503).send({
        status: 'not_ready',
        code: 'database_unavailable',
        message: 'The inventory database cannot be reached.',
      });
    }
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
