// One image by its key, from the inventory (read-only): what the detail panel asks for when a
// pasted link names an image that is not on the list page at hand. One route per list spec.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { textParam } from '../../shared/contracts';
import type { AccountConfig } from '../config';
import type { InventoryDb } from '../store/db';
import { LISTS } from '../lists';
import { imageByKey } from '../lists/list-store';
import { HttpError } from '../plugins/error-handler';
import { pickAccount } from './accounts';
import { scopeOf } from '../auth/request-scope';
import { parseWith, pathParam, rawQuery } from './validate';

// The only query parameter: which account's inventory to read.
const ImageByIdQuerySchema = z.strictObject({ account: textParam(1, 64).optional() });

function notFound(what: string): HttpError {
  return new HttpError(
    404,
    'not_found',
    `${what} is not in the inventory (it may have been removed since, or not be synced yet).`,
  );
}

export function registerImageByIdRoutes(
  app: FastifyInstance,
  deps: { accounts: readonly AccountConfig[]; db: InventoryDb },
): void {
  for (const spec of LISTS) {
    const param = spec.byIdParam;
    app.get<{ Params: Record<string, string> }>(spec.routes.byId, async (request) => {
      const key = pathParam(param.schema, param.name, request.params[param.name]);
      const query = parseWith(ImageByIdQuerySchema, rawQuery(request));
      const scope = scopeOf(request);
      const account = pickAccount(deps.accounts, 'huawei', query.account, scope);
      const image = await imageByKey(spec, deps.db, account.id, key, scope.namespaces ?? undefined);
      if (image === undefined) throw notFound(`${spec.label} ${key}`);
      if (!spec.families) return image;
      const [row] = await spec.families.decorate(deps.db, account.id, [image]);
      return row ?? image;
    });
  }
}
