// Huawei Cloud SWR v2: ShowRepository (brief information on an image repository, seed 002).
import { z } from 'zod';
import { LooseCountSchema } from './hss';
import { looseFlag, looseStrings } from './loose';

/**
 * Namespace (organization) and repository path segments, as SWR names them (CreateNamespace,
 * CreateRepo): lower-case letters and digits, with ".", "_", "-" (and "/" in repository names)
 * between them, never two in a row except "__". A repository's "/" is sent as %2F.
 */
export const SwrNamespacePathSchema = z
  .string()
  .min(1, { error: 'must not be empty' })
  .max(64, { error: 'must have at most 64 characters' })
  .regex(/^[a-z0-9]+(?:(?:[._-]|__)[a-z0-9]+)*$/, {
    error: 'must be lower-case letters and digits, separated by ".", "_", "__" or "-"',
  });

export const SwrRepositoryPathSchema = z
  .string()
  .min(1, { error: 'must not be empty' })
  .max(128, { error: 'must have at most 128 characters' })
  .regex(/^[a-z0-9]+(?:(?:[._-]|__|\/)[a-z0-9]+)*$/, {
    error: 'must be lower-case letters and digits, separated by ".", "_", "-" or "/"',
  });

export const SwrRepositorySchema = z.object({
  id: z.union([z.number(), z.string()]).transform(String),
  ns_id: z
    .union([z.number(), z.string()])
    .nullish()
    .transform((v) => (v === undefined || v === null ? '' : String(v))),
  ...looseStrings('name category description creator_id creator_name'),
  size: LooseCountSchema,
  is_public: looseFlag,
  num_images: LooseCountSchema,
  num_download: LooseCountSchema,
  ...looseStrings('url path internal_path created updated domain_id'),
  priority: LooseCountSchema,
});
export type SwrRepository = z.infer<typeof SwrRepositorySchema>;

/** SWR error bodies come in two shapes: the current object (with both formats) and an older bare array. */
export const SwrErrorItemSchema = z.object({
  errorCode: z.string(),
  errorMessage: z.string(),
  detail: z.string().optional(),
});
