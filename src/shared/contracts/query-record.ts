// Query records and their issues (field + message), as the BFF and the browser both read them:
// zod-free (zod only as a type), for the browser's first page (facts.ts).
import type { z } from 'zod';

export type QueryRecord = Record<string, string>;

export interface ParamIssue {
  field: string;
  message: string;
}

/**
 * Turns URLSearchParams into a plain record. A repeated key is an error: every documented
 * parameter takes one value, so a second one is ambiguous rather than something to guess at.
 */
export function searchParamsToRecord(
  params: URLSearchParams,
): { ok: true; value: QueryRecord } | { ok: false; issue: ParamIssue } {
  const record: QueryRecord = Object.create(null) as QueryRecord;
  for (const [key, value] of params) {
    if (Object.prototype.hasOwnProperty.call(record, key)) {
      return {
        ok: false,
        issue: { field: key, message: 'must be given once (use commas for several values)' },
      };
    }
    record[key] = value;
  }
  return { ok: true, value: { ...record } };
}

/** First issue of a failed Zod parse as field + message ("limit", "must be an integer ..."). */
export function firstIssue(error: z.ZodError): ParamIssue {
  const issue = error.issues[0];
  if (!issue) return { field: '', message: 'is invalid' };
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return { field: key, message: 'is not a known parameter' };
  }
  // Query parameters are flat: the field is the parameter, not an index inside a comma list.
  const field = issue.path.length > 0 ? String(issue.path[0]) : '';
  let message = issue.message;
  if (issue.code === 'invalid_type' && issue.input === undefined) message = 'is required';
  return { field, message };
}

/** "limit must be ..." : the human sentence for an issue. */
export function describeIssue(issue: ParamIssue): string {
  return issue.field ? `${issue.field} ${issue.message}` : issue.message;
}

/** Serialises a parsed query back to strings for an upstream call, dropping absent values. */
export function toQueryRecord(query: Record<string, unknown>): QueryRecord {
  const out: QueryRecord = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) out[key] = value.join(',');
    else out[key] = String(value);
  }
  return out;
}
