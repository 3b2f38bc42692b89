// Builders for query-string parameters. Query values arrive as strings; each builder parses
// strictly (no silent coercion of "1e3" or " 5") and states its rule in its error message,
// which the BFF prefixes with the field name ("limit must be an integer from 1 to 200").
import { z } from 'zod';
// Query records and issues moved to query-record.ts (zod-free); still exported from here.
export * from './query-record';

export const INT64_MAX = 9223372036854775807n;
export const INT64_MAX_STRING = '9223372036854775807';

const DIGITS = /^(0|[1-9][0-9]*)$/;

/** An integer parameter in [min, max], given as plain decimal digits. */
export function intParam(min: number, max: number) {
  const rule = `must be an integer from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}`;
  return z
    .string()
    .regex(DIGITS, { error: rule })
    .refine((value) => value.length <= 16, { error: rule })
    .transform((value) => Number(value))
    .refine((value) => value >= min && value <= max, { error: rule });
}

/**
 * A 64-bit non-negative integer (ms timestamps up to 9223372036854775807), kept as a decimal
 * string so that no digit is lost; compare with BigInt.
 */
export function int64Param() {
  const rule = `must be an integer from 0 to ${INT64_MAX_STRING}`;
  return (
    z
      .string()
      .regex(DIGITS, { error: rule })
      // Zod 4 runs this check even when the regex failed: BigInt("1e3") would throw (a 500).
      .refine((value) => DIGITS.test(value) && value.length <= 19 && BigInt(value) <= INT64_MAX, {
        error: rule,
      })
  );
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** A string parameter whose length must lie in [min, max]. */
export function textParam(min: number, max: number) {
  return z
    .string()
    .min(min, { error: min === 1 ? 'must not be empty' : `must have at least ${min} characters` })
    .max(max, { error: `must have at most ${max} characters` })
    .refine((value) => !hasControlCharacter(value), {
      error: 'must not contain control characters',
    });
}

export function boolParam() {
  return z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .transform((v) => v === 'true');
}

export function enumParam<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

/** Several enum values, comma-separated (a BFF extension: `severity_level=High,Medium`). */
export function enumListParam<const T extends readonly [string, ...string[]]>(values: T) {
  const rule = `must be one or more of ${values.join(', ')}, comma-separated`;
  return z
    .string()
    .max(1024, { error: rule })
    .transform((value) => value.split(','))
    .pipe(z.array(z.enum(values, { error: rule })).min(1, { error: rule }))
    .transform((list) => [...new Set(list)] as T[number][]);
}

/**
 * Several free values, comma-separated (a BFF extension: `namespaces=payments,checkout`): each
 * value 1 to `maxLength` characters without control characters, at most `maxCount` of them.
 */
export function textListParam(maxLength: number, maxCount: number) {
  const rule = `must be 1 to ${maxCount} comma-separated values of 1 to ${maxLength} characters`;
  return textParam(1, (maxLength + 1) * maxCount)
    .transform((value) => value.split(','))
    .refine(
      (list) =>
        list.length <= maxCount &&
        list.every((value) => value.length >= 1 && value.length <= maxLength),
      { error: rule },
    )
    .transform((list) => [...new Set(list)]);
}

/** Adds "start must not exceed end" checks for `start_x`/`end_x` pairs of int64 strings. */
export function checkTimeRanges(
  value: Record<string, unknown>,
  ctx: { addIssue: (issue: { code: 'custom'; path: string[]; message: string }) => void },
  names: readonly string[],
): void {
  for (const name of names) {
    const start = value[`start_${name}`];
    const end = value[`end_${name}`];
    if (
      typeof start === 'string' &&
      typeof end === 'string' &&
      DIGITS.test(start) &&
      DIGITS.test(end) &&
      BigInt(start) > BigInt(end)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: [`start_${name}`],
        message: `must not exceed end_${name}`,
      });
    }
  }
}
