// One image by its key, from the inventory (read-only): what the detail panel asks for when a
// pasted link names an image that is not on the list page at hand.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  API_ROUTES,
  ImageIdPathSchema,
  RegistryImageIdPathSchema,
  textParam,
  type CicdImageRow,
  type RegistryImageRow,
} from '../../shared/contracts';
import type { AccountConfig } from '../config';
import type { InventoryDb } from '../store/db';
import { getCicdImageByKey, getRegistryImageById } from '../lists/image-by-id';
import { withMultiArch } from '../lists/multi-arch';
import { HttpError, invalidParameter } from '../plugins/error-handler';
import { pickAccount } from './accounts';
import { parseWith, rawQuery } from './validate';

// The only query parameter: which account's inventory to read.
const ImageByIdQuerySchema = z.strictObject({ account: textParam(1, 64).optional() });

function pathParam<S extends z.ZodType>(schema: S, field: string, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw invalidParameter(field, `${field} ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  }
  return parsed.data;
}

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
  app.get<{ Params: { id: string } }>(
    API_ROUTES.registryImage,
    async (request): Promise<RegistryImageRow> => {
      const id = pathParam(RegistryImageIdPathSchema, 'id', request.params.id);
      const query = parseWith(ImageByIdQuerySchema, rawQuery(request));
      const account = pickAccount(deps.accounts, 'huawei', query.account);
      const image = await getRegistryImageById(deps.db, account.id, id);
      if (!image) throw notFound(`Repository image ${id}`);
      const [row] = await withMultiArch(deps.db, account.id, [image]);
      return row ?? { ...image, multi_arch: null };
    },
  );

  // A record key (or, from an older link, an image_id): both fit the image id alphabet.
  app.get<{ Params: { record_key: string } }>(
    API_ROUTES.cicdImage,
    async (request): Promise<CicdImageRow> => {
      const key = pathParam(ImageIdPathSchema, 'record_key', request.params.record_key);
      const query = parseWith(ImageByIdQuerySchema, rawQuery(request));
      const account = pickAccount(deps.accounts, 'huawei', query.account);
      const image = await getCicdImageByKey(deps.db, account.id, key);
      if (!image) throw notFound(`CI/CD image ${key}`);
      return image;
    },
  );
}
