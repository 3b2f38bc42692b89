// Loose readers of vendor response fields, shared by the vendor contracts (not re-exported).
import { z } from 'zod';

/** A string or number as a string; absent or null becomes ''. */
export const looseString = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => (value === null || value === undefined ? '' : String(value)));

/** A flag given as true or "true"; anything else, absence included, is false. */
export const looseFlag = z
  .union([z.boolean(), z.string()])
  .nullish()
  .transform((v) => v === true || v === 'true');

/** A list of items that may be absent or null (then empty). */
export function looseArray<T extends z.ZodType>(item: T) {
  return z
    .union([z.array(z.unknown())])
    .nullish()
    .transform((v) => v ?? [])
    .pipe(z.array(item));
}

/** `'a b c'` as the union `'a' | 'b' | 'c'`. */
type Words<Text extends string> = Text extends `${infer Head} ${infer Rest}`
  ? Head | Words<Rest>
  : Text;

/**
 * Record fields all read as looseString (most vendor record fields are such strings), named in
 * one space-separated list, in the order the record lists them.
 */
export function looseStrings<const Names extends string>(names: Names) {
  return Object.fromEntries(names.split(' ').map((name) => [name, looseString])) as Record<
    Words<Names>,
    typeof looseString
  >;
}
