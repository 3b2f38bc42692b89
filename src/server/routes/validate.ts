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

export function rawQuery(request: FastifyRequest): QueryRecord {
  const url = request.raw.url ?? request.url;
  const index = url.indexOf('?');
  const params = new URLSearchParams(index === -1 ? '' : url.slice(index + 1));
  const record = searchParamsToRecord(params);
  if (!record.ok) throw invalidParameter(record.issue.field, describeIssue(record.issue));
  return record.value;
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
  const taken: QueryRecord = {};
  const rest: QueryRecord = {};
  for (const [key, value] of Object.entries(query)) {
    if (names.includes(key)) taken[key] = value;
    else rest[key] = value;
  }
  return { taken, rest };
}
