// The simulator's own checks of the two HSS list queries, written from the vendor tables
// (seeds 001 ListRegistryImages, 003 ListCicdImages: docs/upstream.md) and deliberately NOT from the
// BFF's schemas in src/shared/contracts: if both sides shared one schema, a mistake in it would
// be agreed on by client and server and no test could ever show it.
//
// Each table row below is one line of the vendor's "Query Parameters" table: type and range.
// A parameter the table does not list is refused, like a misspelt one, so that a client sending
// something undocumented is caught in tests.

/** One rule per documented parameter, as the vendor table states it. */
type Rule =
  | { kind: 'text'; min: number; max: number }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'long'; min: bigint; max: bigint }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly string[] };

const LONG_MAX = 9223372036854775807n;
const text = (min: number, max: number): Rule => ({ kind: 'text', min, max });
const integer = (min: number, max: number): Rule => ({ kind: 'integer', min, max });
const epochMs: Rule = { kind: 'long', min: 0n, max: LONG_MAX };
const boolean: Rule = { kind: 'boolean' };
const oneOf = (...values: string[]): Rule => ({ kind: 'enum', values });

/** Rows that seed 001 Table 2 and seed 003 Table 2 state alike, in both tables' order. */
const SCAN_FILTER_ROWS: Record<string, Rule> = {
  latest_version: boolean,
  image_size: { kind: 'long', min: 0n, max: 2_147_483_547n },
  scan_status: oneOf('unscan', 'success', 'scanning', 'failed', 'waiting_for_scan'),
  start_latest_update_time: epochMs,
  end_latest_update_time: epochMs,
  start_latest_scan_time: epochMs,
  end_latest_scan_time: epochMs,
};

/** Seed 001, Table 2 (ListRegistryImages). */
const REGISTRY_TABLE: Record<string, Rule> = {
  enterprise_project_id: text(1, 256),
  namespace: text(1, 128),
  image_name: text(1, 128),
  image_version: text(1, 64),
  registry_name: text(1, 128),
  offset: integer(0, 2_000_000),
  image_type: oneOf('private_image', 'shared_image', 'instance_image', 'harbor', 'jfrog'),
  sort_key: oneOf('latest_scan_time'),
  sort_dir: oneOf('asc', 'desc'),
  limit: integer(1, 200),
  ...SCAN_FILTER_ROWS,
  start_latest_sync_time: epochMs,
  end_latest_sync_time: epochMs,
  has_malicious_file: boolean,
  has_unsafe_setting: boolean,
  has_vul: boolean,
  risky: boolean,
  instance_id: text(0, 128),
  instance_name: text(0, 128),
  is_multarch: boolean,
  severity_level: oneOf('Security', 'Low', 'Medium', 'High'),
};

/** Seed 001 states "start ≤ end" for each of these pairs. */
const REGISTRY_ORDERED_RANGES = ['latest_update_time', 'latest_scan_time', 'latest_sync_time'];

/** Seed 003, Table 2 (ListCicdImages). */
const CICD_TABLE: Record<string, Rule> = {
  enterprise_project_id: text(1, 256),
  namespace: text(1, 128),
  image_name: text(1, 128),
  image_version: text(1, 64),
  sort_key: oneOf('latest_scan_time'),
  sort_dir: oneOf('asc', 'desc'),
  limit: integer(10, 200),
  offset: integer(0, 2_000_000),
  image_id: text(0, 128),
  cicd_name: text(0, 128),
  ...SCAN_FILTER_ROWS,
  has_malicious_file: boolean,
  has_unsafe_setting: boolean,
  has_vul: boolean,
  severity_level: oneOf('Security', 'Low', 'Medium', 'High'),
  risky: boolean,
  // Not in seed 003's table but in the vendor's SDK request model (ListCicdImagesRequest), which
  // real servers accept; the simulator accepts it so the app's pipeline filter has data.
  pipeline_type: oneOf('jenkins', 'codearts'),
};

export interface SimulatorQueryIssue {
  field: string;
  message: string;
}

/** Fields the simulator's list logic reads, typed as the tables above produce them. */
export interface SimulatorListQuery {
  [field: string]: string | number | boolean | undefined;
  offset?: number;
  limit?: number;
  sort_key?: string;
  sort_dir?: string;
  latest_version?: boolean;
  has_vul?: boolean;
  has_malicious_file?: boolean;
  has_unsafe_setting?: boolean;
  risky?: boolean;
  image_size?: number;
}

export type SimulatorParse<T = SimulatorListQuery> =
  { ok: true; value: T } | { ok: false; issue: SimulatorQueryIssue };

const DECIMAL = /^[0-9]+$/;

function check(rule: Rule, raw: string): { value: string | number | boolean } | { error: string } {
  switch (rule.kind) {
    case 'text':
      if (raw.length < rule.min || raw.length > rule.max)
        return { error: `must have ${rule.min} to ${rule.max} characters` };
      return { value: raw };
    case 'integer':
    case 'long': {
      const min = BigInt(rule.min);
      const max = BigInt(rule.max);
      const range = `must be an integer from ${min} to ${max}`;
      if (!DECIMAL.test(raw) || raw.length > 19) return { error: range };
      const value = BigInt(raw);
      if (value < min || value > max) return { error: range };
      // Epoch-ms Longs stay decimal strings (they may exceed 2^53); sizes fit a number.
      return { value: rule.max > LONG_MAX / 2n ? value.toString() : Number(value) };
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') return { error: 'must be true or false' };
      return { value: raw === 'true' };
    case 'enum':
      if (!rule.values.includes(raw)) return { error: `must be one of ${rule.values.join(', ')}` };
      return { value: raw };
  }
}

function parseByTable(
  params: URLSearchParams,
  table: Record<string, Rule>,
  orderedRanges: readonly string[],
): SimulatorParse {
  const value: SimulatorListQuery = {};
  for (const [field, raw] of params) {
    const rule = Object.prototype.hasOwnProperty.call(table, field) ? table[field] : undefined;
    if (!rule) return { ok: false, issue: { field, message: 'is not a known parameter' } };
    if (field in value) return { ok: false, issue: { field, message: 'must be given once' } };
    const checked = check(rule, raw);
    if ('error' in checked) return { ok: false, issue: { field, message: checked.error } };
    value[field] = checked.value;
  }
  for (const name of orderedRanges) {
    const start = value[`start_${name}`];
    const end = value[`end_${name}`];
    if (typeof start === 'string' && typeof end === 'string' && BigInt(start) > BigInt(end)) {
      return {
        ok: false,
        issue: { field: `start_${name}`, message: `must not be later than end_${name}` },
      };
    }
  }
  return { ok: true, value };
}

export const validateRegistryImagesQuery = (params: URLSearchParams): SimulatorParse =>
  parseByTable(params, REGISTRY_TABLE, REGISTRY_ORDERED_RANGES);

/** Seed 003 puts no order constraint on its time ranges: start > end simply matches nothing. */
export const validateCicdImagesQuery = (params: URLSearchParams): SimulatorParse =>
  parseByTable(params, CICD_TABLE, []);
