// The image detail: path parameters of the by-key image routes (deep links to one image).
import { z } from 'zod';
import { INT64_MAX } from './params';

const RECORD_ID = /^(0|[1-9][0-9]{0,18})$/;

/** A repository image's record id in a path: decimal digits, at most 9223372036854775807. */
export const RegistryImageIdPathSchema = z
  .string()
  .refine((value) => RECORD_ID.test(value) && BigInt(value) <= INT64_MAX, {
    error: 'must be a record id: decimal digits, from 0 to 9223372036854775807',
  });
