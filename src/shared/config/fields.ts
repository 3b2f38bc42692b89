// Configuration fields both the BFF (src/server/config.ts) and the standalone simulator
// (src/simulator/config.ts) read: each variable's syntax and range is written once, here, and
// errors name the variable ("SIM_SEED must be an integer from 0 to 4294967295").
import { z } from 'zod';
import { parseRate } from '../upstream/rate';
import { parseFaults } from './fault-spec';

/** Unset or blank is undefined; otherwise the trimmed text. */
export const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

/** A whole number from `min` to `max` (inclusive), or unset. */
export function integerField(min: number, max: number) {
  const error = `must be an integer from ${min} to ${max}`;
  return optionalText.pipe(
    z
      .string()
      .regex(/^[0-9]+$/, { error })
      .transform(Number)
      .refine((n) => n >= min && n <= max, { error })
      .optional(),
  );
}

function accepts(parse: (text: string) => unknown): (text: string) => boolean {
  return (text) => {
    try {
      parse(text);
      return true;
    } catch {
      return false;
    }
  };
}

/** A call rate such as `5/min` or `5/1s` (shared/upstream/rate.ts). */
export const rateField = optionalText.pipe(
  z
    .string()
    .refine(accepts(parseRate), { error: 'must be a rate such as 5/min or 5/1s' })
    .optional(),
);

/** A fault spec (fault-spec.ts); the message names the bad entry. */
export const faultsField = optionalText.pipe(
  z
    .string()
    .transform((spec, ctx) => {
      try {
        parseFaults(spec);
        return spec;
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a list of kind:probability (${(error as Error).message})`,
        });
        return z.NEVER;
      }
    })
    .optional(),
);

export const HUAWEI_REGION_PATTERN = /^[a-z]{2,}-[a-z]+-[0-9]+$/;
export const huaweiRegionField = optionalText.pipe(
  z
    .string()
    .regex(HUAWEI_REGION_PATTERN, { error: 'must be a region id such as cn-north-4' })
    .optional(),
);

export const huaweiProjectIdField = optionalText.pipe(
  z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, { error: 'must be a project id (1 to 256 letters or digits)' })
    .optional(),
);

export const alibabaRegionField = optionalText.pipe(
  z
    .string()
    .regex(/^[a-z]{2,}-[a-z0-9-]+$/, { error: 'must be a region id such as cn-hangzhou' })
    .optional(),
);

/** The key variables of the two clouds (the same names as the vendors' SDKs read). */
export const CLOUD_KEY_FIELDS = {
  HUAWEICLOUD_SDK_AK: optionalText,
  HUAWEICLOUD_SDK_SK: optionalText,
  HUAWEICLOUD_REGION: huaweiRegionField,
  HUAWEICLOUD_SDK_PROJECT_ID: huaweiProjectIdField,
  ALIBABA_CLOUD_ACCESS_KEY_ID: optionalText,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: optionalText,
  ALIBABA_CLOUD_REGION_ID: alibabaRegionField,
};

/**
 * The simulator's ranges. Sizes reach the 2,000,000 offsets HSS pages through (docs/architecture.md,
 * "Sync"); a seed is the PRNG's 32 bits; latency stops at a minute, past any client's timeout.
 */
export const SIMULATOR_LIMITS = {
  images: 2_000_000,
  seed: 2 ** 32 - 1,
  latencyMs: 60_000,
} as const;

/** Unset: the simulator's defaults (estate sizes 20,000 and 2,000 and this rate). */
export const DEFAULT_SIMULATOR_RATE_LIMIT = '600/min';

export const SIMULATOR_FIELDS = {
  SIM_SEED: integerField(0, SIMULATOR_LIMITS.seed),
  SIM_REGISTRY_IMAGES: integerField(0, SIMULATOR_LIMITS.images),
  SIM_CICD_IMAGES: integerField(0, SIMULATOR_LIMITS.images),
  SIM_LATENCY_MS: integerField(0, SIMULATOR_LIMITS.latencyMs),
  SIM_FAULTS: faultsField,
  SIM_RATE_LIMIT: rateField,
};

/** `KEY message` for each issue, the key path written as `a.b[0].c`. */
export function issueMessages(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issuePath(issue)} ${issue.message}`);
}

export function issuePath(issue: z.core.$ZodIssue): string {
  return issue.path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`,
    )
    .join('');
}

/** `${key} is required when ${what} are set` for each of `keys` that is unset. */
export function requiredTogether<K extends string>(
  vars: Partial<Record<K, unknown>>,
  keys: readonly K[],
  what: string,
): string[] {
  return keys
    .filter((key) => vars[key] === undefined)
    .map((key) => `${key} is required when ${what} are set`);
}

/** Every problem of a configuration at once, each naming its variable or key. */
export class ConfigError extends Error {
  readonly messages: string[];
  constructor(messages: string[]) {
    super(`Invalid configuration:\n  - ${messages.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.messages = messages;
  }
}

/** The variables as `schema` reads them from `env`; a ConfigError listing every bad one otherwise. */
export function parseEnvironment<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): z.output<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigError(issueMessages(parsed.error));
  return parsed.data;
}

/** What `load` reads, or the messages of the ConfigError it throws (other errors propagate). */
export function configOrMessages<T>(
  load: () => T,
): { ok: true; config: T } | { ok: false; messages: string[] } {
  try {
    return { ok: true, config: load() };
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, messages: error.messages };
    throw error;
  }
}

/** With either Huawei key set, all four are needed (the BFF and the simulator alike). */
export const HUAWEI_KEY_NAMES = [
  'HUAWEICLOUD_SDK_AK',
  'HUAWEICLOUD_SDK_SK',
  'HUAWEICLOUD_REGION',
  'HUAWEICLOUD_SDK_PROJECT_ID',
] as const;
