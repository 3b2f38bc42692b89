// The list filters, shared by both image lists. They implement exactly the simulator's (and so
// the upstream's) semantics, plus the BFF's documented extensions (contracts/bff.ts).
import { sql, type RawBuilder } from 'kysely';

export type Condition = RawBuilder<unknown>;

const column = (name: string) => sql.ref(name);

/** Case-insensitive substring (instr, not LIKE, so that % and _ in the needle are literal). */
export function containsText(name: string, needle: string | undefined): Condition | undefined {
  if (needle === undefined || needle === '') return undefined;
  return sql`instr(lower(${column(name)}), ${needle.toLowerCase()}) > 0`;
}

export function equalsText(name: string, value: string | undefined): Condition | undefined {
  // An empty value (the upstream allows length 0) matches rows where the field is empty.
  if (value === undefined) return undefined;
  return sql`${column(name)} = ${value}`;
}

/** One of several enum values (a single value is the upstream's own exact match). */
export function anyOf(
  name: string,
  values: readonly string[] | string | undefined,
): Condition | undefined {
  if (values === undefined) return undefined;
  const list = typeof values === 'string' ? [values] : values;
  if (list.length === 0) return undefined;
  return sql`${column(name)} in (${sql.join(list.map((value) => sql`${value}`))})`;
}

/**
 * `severity_level` filter values: the documented levels, plus the extension `unrated` for images
 * without a level (stored as the empty string).
 */
export function severityIn(values: readonly string[] | undefined): Condition | undefined {
  if (values === undefined) return undefined;
  return anyOf(
    'severity_level',
    values.map((value) => (value === 'unrated' ? '' : value)),
  );
}

/** `has_vul=true` → count > 0, `false` → count = 0. */
export function hasCount(name: string, wanted: boolean | undefined): Condition | undefined {
  if (wanted === undefined) return undefined;
  return wanted ? sql`${column(name)} > 0` : sql`${column(name)} = 0`;
}

export function isTrue(name: string, wanted: boolean | undefined): Condition | undefined {
  if (wanted === undefined) return undefined;
  return sql`${column(name)} = ${wanted ? 1 : 0}`;
}

/** `latest_version=true` keeps only latest versions; `false` does not filter. */
export function onlyLatest(name: string, wanted: boolean | undefined): Condition | undefined {
  return wanted === true ? sql`${column(name)} = 1` : undefined;
}

/** `risky=true` → any of the three counts > 0; `false` → all three zero. */
export function risky(wanted: boolean | undefined): Condition | undefined {
  if (wanted === undefined) return undefined;
  return wanted
    ? sql`(vul_num > 0 or malicious_file_num > 0 or unsafe_setting_num > 0)`
    : sql`(vul_num = 0 and malicious_file_num = 0 and unsafe_setting_num = 0)`;
}

/** Extension `never_scanned`: true → no scan time at all; false → scanned at least once. */
export function neverScanned(wanted: boolean | undefined): Condition | undefined {
  if (wanted === undefined) return undefined;
  return wanted ? sql`latest_scan_time is null` : sql`latest_scan_time is not null`;
}

export function sizeBetween(min: number | undefined, max: number | undefined): Condition[] {
  const out: Condition[] = [];
  if (min !== undefined) out.push(sql`image_size >= ${min}`);
  if (max !== undefined) out.push(sql`image_size <= ${max}`);
  return out;
}

/**
 * Inclusive time range over an epoch-ms column. Only a start → [start, now]; only an end →
 * [0, end]; rows without the time are excluded. Bounds go up to 2^63-1, so bind them as BigInt.
 */
export function timeRange(
  name: string,
  start: string | undefined,
  end: string | undefined,
  now: number,
): Condition[] {
  if (start === undefined && end === undefined) return [];
  const lower = start === undefined ? 0n : BigInt(start);
  const upper = end === undefined ? BigInt(now) : BigInt(end);
  return [
    sql`${column(name)} is not null`,
    sql`${column(name)} >= ${lower}`,
    sql`${column(name)} <= ${upper}`,
  ];
}

/** Free text (`q`): case-insensitive substring over name, namespace, tag and digest. */
export function freeText(q: string | undefined): Condition | undefined {
  if (q === undefined || q === '') return undefined;
  const needle = q.toLowerCase();
  return sql`(${sql.join(
    ['image_name', 'namespace', 'image_version', 'image_digest'].map(
      (name) => sql`instr(lower(${column(name)}), ${needle}) > 0`,
    ),
    sql` or `,
  )})`;
}

export function whereClause(conditions: Array<Condition | undefined>): RawBuilder<unknown> {
  const present = conditions.filter((condition): condition is Condition => condition !== undefined);
  if (present.length === 0) return sql`1 = 1`;
  return sql.join(present, sql` and `);
}
