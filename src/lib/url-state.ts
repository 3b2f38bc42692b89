// The URL is the page state (README, "The app's URLs"): typed reads through the contracts' schemas and
// patch-style writes. No second store: components derive everything from the search params.
import type { z } from 'zod';
import { firstIssue, type ParamIssue, type QueryRecord } from '../shared/contracts/facts';

export interface UrlQuery<T> {
  /** The parsed, typed query (the schema's output). */
  value: T;
  /** The same parameters as strings, exactly as they go to the BFF. */
  record: QueryRecord;
  /** Parameters that were in the URL but invalid, and so ignored. */
  ignored: ParamIssue[];
}

/**
 * Reads the parameters a list schema knows from the URL. An invalid parameter (say a hand-edited
 * `limit=5000`) is dropped with its reason rather than failing the page; parameters the schema
 * does not know (`image`, other pages' state) are left alone.
 */
export function readUrlQuery<S extends z.ZodObject>(
  search: URLSearchParams,
  schema: S,
): UrlQuery<z.output<S>> {
  const known = new Set(Object.keys(schema.shape));
  const record: QueryRecord = {};
  const ignored: ParamIssue[] = [];
  for (const [key, value] of search) {
    if (!known.has(key)) continue;
    if (key in record) {
      ignored.push({ field: key, message: 'was given more than once; the first value is used' });
      continue;
    }
    record[key] = value;
  }

  // Each round removes one offending field, so this ends within known.size + 1 rounds.
  for (let round = 0; round <= known.size; round += 1) {
    const parsed = schema.safeParse(record);
    if (parsed.success) return { value: parsed.data, record, ignored };
    const issue = firstIssue(parsed.error);
    const field = issue.field.split('.')[0] ?? '';
    if (!(field in record)) break;
    ignored.push({ field, message: issue.message });
    delete record[field];
  }
  return { value: schema.parse({}), record: {}, ignored };
}

export type SearchPatch = Record<string, string | number | boolean | undefined | null>;

/** A copy of `current` with `patch` applied: null/undefined/"" remove a key, others set it. */
export function patchSearchParams(current: URLSearchParams, patch: SearchPatch): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || value === null || value === '') next.delete(key);
    else next.set(key, String(value));
  }
  return next;
}
