// Query validation from the raw URL (Fastify's parsed query hides repeated keys), through the
// contract schemas; the first problem becomes a 400 naming the field.
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  describeIssue,
  firstIssue,
  searchParamsToRecord,
  type QueryRecord,
} from '../../shared/contracts';
import { invalidParameter } from '../plugins/error-handler';

/** A percent-encoded byte run that is not UTF-8 (`%FF`, `%C3%28`): URLSearchParams would turn it into U+FFFD. */
function firstMalformedPair(search: string): string | undefined {
  for (const pair of search.split('&')) {
    try {
      decodeURIComponent(pair.replace(/\+/g, ' '));
    } catch {
      return pair;
    }
  }
  return undefined;
}

export function rawQuery(request: FastifyRequest): QueryRecord {
  const url = request.raw.url ?? request.url;
  const index = url.indexOf('?');
  const search = index === -1 ? '' : url.slice(index + 1);
  const malformed = firstMalformedPair(search);
  if (malformed !== undefined) {
    // Named as URLSearchParams decodes it, so the field matches what the rest of the BFF sees.
    const field = [...new URLSearchParams(malformed).keys()][0] ?? '';
    throw invalidParameter(field, `${field} must be percent-encoded UTF-8`);
  }
  const params = new URLSearchParams(search);
  const record = searchParamsToRecord(params);
  if (!record.ok) throw invalidParameter(record.issue.field, describeIssue(record.issue));
  return record.value;
}

/** A path parameter through its schema: a 400 naming the field with the schema's first message. */
export function pathParam<S extends z.ZodType>(
  schema: S,
  field: string,
  value: unknown,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'is invalid';
    throw invalidParameter(field, `${field} ${message}`);
  }
  return parsed.data;
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error);
    throw invalidParameter(issue.field, describeIssue(issue));
  }
  return parsed.data;
}

/** Takes `account` (and any other BFF-only names) out of a query meant for an upstream schema. */
export function splitQuery(
  query: QueryRecord,
  names: readonly string[],
): { taken: QueryRecord; rest: QueryRecord } {
  // fromEntries defines own properties: `rest[key] = value` would drop a `__proto__` key (it
  // sets the prototype instead), hiding it from the strict schema and letting it reach upstream.
  const entries = Object.entries(query);
  return {
    taken: Object.fromEntries(entries.filter(([key]) => names.includes(key))),
    rest: Object.fromEntries(entries.filter(([key]) => !names.includes(key))),
  };
}

/** For routes that take no parameters: any given one is a 400 naming it, not silently ignored. */
export function refuseQuery(request: FastifyRequest): void {
  const [first] = Object.keys(rawQuery(request));
  if (first !== undefined) throw invalidParameter(first, `${first} is not a known parameter`);
}
