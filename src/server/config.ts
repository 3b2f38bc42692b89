// Start-up configuration (architecture.md, "Configuration (contract)"). Every bad variable or
// key is reported at once, by name, so that one failed start tells the operator everything.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { AcrInstanceIdSchema } from '../shared/contracts';
import { parseRate } from './upstream/budget';
import type { AlibabaCredentials, HuaweiCredentials } from './upstream/types';

/** Between incremental sync cycles (only what changed since the watermarks). */
export const DEFAULT_SYNC_INTERVAL_MS = 5 * 60_000;
/** Between full mark-and-sweep crawls (they remove images that are gone). */
export const DEFAULT_SYNC_SWEEP_INTERVAL_MS = 6 * 3_600_000;
/** EXPORT_CONCURRENCY: distinct CSV export generations at once (more wait in a queue). */
export const DEFAULT_EXPORT_CONCURRENCY = 2;
/** QUERY_CACHE_MB: the estimated size bound of the cache of inventory answers (0 disables it). */
export const DEFAULT_QUERY_CACHE_MB = 64;
/** QUERY_QUEUE_LIMIT: inventory computations (cache misses) running or waiting at most. */
export const DEFAULT_QUERY_QUEUE_LIMIT = 32;
/** QUERY_QUEUE_MAX_WAIT_MS: a computation estimated to wait longer is answered 429 at once. */
export const DEFAULT_QUERY_QUEUE_MAX_WAIT_MS = 5_000;
export const DEFAULT_ENTERPRISE_PROJECT_ID = 'all_granted_eps';
/** A dead syncer's lease is taken over after this (renewed every third of it): within a minute. */
export const DEFAULT_SYNC_LEASE_TTL_MS = 30_000;
const LIVE_HSS_CALL_BUDGET = '5/min';
/** Alibaba publishes no per-API figure for ListRepoTag/ListRepository: a cautious default. */
const LIVE_ACR_CALL_BUDGET = '60/min';
const DEMO_RATE_LIMIT = '600/min';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const FAULT_PATTERN = /^(429|500|502|503|504|timeout|malformed):(0(\.[0-9]+)?|1(\.0+)?)$/;

export type Mode = 'demo' | 'live';

export interface HuaweiAccountConfig {
  provider: 'huawei';
  id: string;
  name: string;
  mode: Mode;
  credentials: HuaweiCredentials;
  hssEndpoint: string;
  swrEndpoint: string;
  /** The enterprise project the inventory mirrors (`all_granted_eps` unless configured). */
  enterpriseProjectId: string;
}

export interface AlibabaAccountConfig {
  provider: 'alibaba';
  id: string;
  name: string;
  mode: Mode;
  credentials: AlibabaCredentials;
  acrEndpoint: string;
  instanceId: string;
}

export type AccountConfig = HuaweiAccountConfig | AlibabaAccountConfig;

export interface SimulatorConfig {
  seed: number | undefined;
  registryImages: number | undefined;
  cicdImages: number | undefined;
  latencyMs: number;
  faults: string | undefined;
  rateLimit: string;
}

export interface Config {
  mode: Mode;
  port: number;
  host: string;
  dashboardToken: string;
  /** True when DASHBOARD_TOKEN was not set and a random one was generated. */
  dashboardTokenGenerated: boolean;
  /** Empty in demo mode until the simulator's endpoints are known (see `withDemoAccounts`). */
  accounts: AccountConfig[];
  simulator: SimulatorConfig;
  /** `N/min` or `N/1s`, as parsed by upstream/budget.ts `parseRate`. */
  hssCallBudget: string;
  /** ACR_CALL_BUDGET: the same, for the Alibaba ACR APIs. */
  acrCallBudget: string;
  dataDir: string;
  /** DATABASE_URL: PostgreSQL shared by several replicas; undefined = SQLite in DATA_DIR. */
  databaseUrl: string | undefined;
  /** SYNC_LEASE_TTL_MS: with PostgreSQL, how soon another replica takes over a dead syncer's lease. */
  syncLeaseTtlMs: number;
  syncIntervalMs: number;
  syncSweepIntervalMs: number;
  /** QUERY_CACHE_MB: size bound of the cache of inventory answers; 0 turns it off. */
  queryCacheMb: number;
  /** QUERY_QUEUE_LIMIT: computations (cache misses) running or waiting; more are answered 429. */
  queryQueueLimit: number;
  /** QUERY_QUEUE_MAX_WAIT_MS: longest estimated wait for a computation before 429. */
  queryQueueMaxWaitMs: number;
  /** EXPORT_CONCURRENCY: distinct CSV export generations at once. */
  exportConcurrency: number;
  logLevel: (typeof LOG_LEVELS)[number];
  /** TRUST_PROXY: trust X-Forwarded-* from every peer (true), none (false), or these addresses/CIDRs. */
  trustProxy: boolean | string[];
  /** AUTH_PROXY_HEADER: the SSO proxy's user header (lower case); undefined when off. */
  authProxyHeader: string | undefined;
}

export class ConfigError extends Error {
  readonly messages: string[];
  constructor(messages: string[]) {
    super(`Invalid configuration:\n  - ${messages.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.messages = messages;
  }
}

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

function integerVar(min: number, max: number) {
  return optionalText.pipe(
    z
      .string()
      .regex(/^[0-9]+$/, { error: `must be an integer from ${min} to ${max}` })
      .transform(Number)
      .refine((n) => n >= min && n <= max, { error: `must be an integer from ${min} to ${max}` })
      .optional(),
  );
}

function isRate(text: string): boolean {
  try {
    parseRate(text);
    return true;
  } catch {
    return false;
  }
}

const rateVar = optionalText.pipe(
  z.string().refine(isRate, { error: 'must be a rate such as 5/min or 5/1s' }).optional(),
);

const endpointVar = optionalText.pipe(
  z
    .url({
      protocol: /^https?$/,
      error: 'must be an http(s) URL such as https://hss.cn-north-4.myhuaweicloud.com',
    })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
);

function isAddressOrCidr(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const trustProxyVar = optionalText.pipe(
  z
    .string()
    .transform((text, ctx) => {
      const lower = text.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      const entries = text.split(',').map((entry) => entry.trim());
      if (entries.every(isAddressOrCidr)) return entries;
      ctx.addIssue({
        code: 'custom',
        message:
          'must be true, false, or a comma-separated list of proxy addresses or CIDR ranges such as 10.0.0.5,192.168.0.0/16',
      });
      return z.NEVER;
    })
    .optional(),
);

const EnvSchema = z.object({
  PORT: integerVar(0, 65535),
  HOST: optionalText,
  DASHBOARD_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9._~+/=-]{16,256}$/, {
        error: 'must be 16 to 256 characters of letters, digits and ._~+/=-',
      })
      .optional(),
  ),
  HUAWEICLOUD_SDK_AK: optionalText,
  HUAWEICLOUD_SDK_SK: optionalText,
  HUAWEICLOUD_REGION: optionalText.pipe(
    z
      .string()
      .regex(/^[a-z]{2,}-[a-z]+-[0-9]+$/, { error: 'must be a region id such as cn-north-4' })
      .optional(),
  ),
  HUAWEICLOUD_SDK_PROJECT_ID: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, {
        error: 'must be a project id (1 to 256 letters or digits)',
      })
      .optional(),
  ),
  HUAWEICLOUD_HSS_ENDPOINT: endpointVar,
  HUAWEICLOUD_SWR_ENDPOINT: endpointVar,
  HUAWEICLOUD_ENTERPRISE_PROJECT_ID: optionalText,
  ALIBABA_CLOUD_ACCESS_KEY_ID: optionalText,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: optionalText,
  ALIBABA_CLOUD_REGION_ID: optionalText.pipe(
    z
      .string()
      .regex(/^[a-z]{2,}-[a-z0-9-]+$/, { error: 'must be a region id such as cn-hangzhou' })
      .optional(),
  ),
  ACR_INSTANCE_ID: optionalText.pipe(AcrInstanceIdSchema.optional()),
  ACR_ENDPOINT: endpointVar,
  SIM_SEED: integerVar(0, 2 ** 31 - 1),
  SIM_REGISTRY_IMAGES: integerVar(0, 1_000_000),
  SIM_CICD_IMAGES: integerVar(0, 1_000_000),
  SIM_LATENCY_MS: integerVar(0, 60_000),
  SIM_FAULTS: optionalText.pipe(
    z
      .string()
      .refine((spec) => spec.split(',').every((part) => FAULT_PATTERN.test(part.trim())), {
        error:
          'must be a comma-separated list of kind:probability, e.g. 429:0.1,500:0.05,timeout:0.01,malformed:0.01',
      })
      .optional(),
  ),
  SIM_RATE_LIMIT: rateVar,
  HSS_CALL_BUDGET: rateVar,
  ACR_CALL_BUDGET: rateVar,
  DATA_DIR: optionalText,
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, { error: 'must be a postgres:// or postgresql:// URL' })
      .optional(),
  ),
  SYNC_INTERVAL_MS: integerVar(1_000, 7 * 24 * 3_600_000),
  SYNC_LEASE_TTL_MS: integerVar(1_000, 60_000),
  SYNC_SWEEP_INTERVAL_MS: integerVar(1_000, 30 * 24 * 3_600_000),
  QUERY_CACHE_MB: integerVar(0, 4_096),
  QUERY_QUEUE_LIMIT: integerVar(1, 10_000),
  QUERY_QUEUE_MAX_WAIT_MS: integerVar(100, 600_000),
  EXPORT_CONCURRENCY: integerVar(1, 64),
  LOG_LEVEL: optionalText.pipe(
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
  ),
  IMAGEWATCH_CONFIG: optionalText,
  TRUST_PROXY: trustProxyVar,
  AUTH_PROXY_HEADER: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/, { error: 'must be a header name such as X-Forwarded-User' })
      .transform((name) => name.toLowerCase())
      .optional(),
  ),
});

const fileText = z.string({ error: 'is required' }).trim().min(1, { error: 'must not be empty' });

const FileAccountSchema = z.discriminatedUnion(
  'provider',
  [
    z.strictObject({
      provider: z.literal('huawei'),
      id: fileText.regex(/^[A-Za-z0-9._-]{1,64}$/, {
        error: 'must be 1 to 64 letters, digits, ".", "_" or "-"',
      }),
      name: fileText.optional(),
      ak: fileText,
      sk: fileText,
      region: fileText.regex(/^[a-z]{2,}-[a-z]+-[0-9]+$/, {
        error: 'must be a region id such as cn-north-4',
      }),
      project_id: fileText,
      hss_endpoint: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
      swr_endpoint: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
      enterprise_project_id: fileText.optional(),
    }),
    z.strictObject({
      provider: z.literal('alibaba'),
      id: fileText.regex(/^[A-Za-z0-9._-]{1,64}$/, {
        error: 'must be 1 to 64 letters, digits, ".", "_" or "-"',
      }),
      name: fileText.optional(),
      access_key_id: fileText,
      access_key_secret: fileText,
      region_id: fileText,
      instance_id: fileText.pipe(AcrInstanceIdSchema),
      acr_endpoint: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    }),
  ],
  { error: 'provider must be "huawei" or "alibaba"' },
);
const ConfigFileSchema = z.strictObject({
  accounts: z.array(FileAccountSchema).min(1, { error: 'must list at least one account' }),
});

export function huaweiEndpoints(region: string): { hss: string; swr: string } {
  const domain = region === 'eu-west-101' ? 'myhuaweicloud.eu' : 'myhuaweicloud.com';
  return { hss: `https://hss.${region}.${domain}`, swr: `https://swr-api.${region}.${domain}` };
}

export function acrEndpoint(regionId: string): string {
  return `https://cr.${regionId}.aliyuncs.com`;
}

function issuePath(issue: z.core.$ZodIssue): string {
  return issue.path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`,
    )
    .join('');
}

function readConfigFile(
  file: string,
  messages: string[],
): z.infer<typeof ConfigFileSchema> | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason =
      error instanceof SyntaxError ? `is not valid JSON (${error.message})` : 'cannot be read';
    messages.push(`IMAGEWATCH_CONFIG: ${file} ${reason}`);
    return undefined;
  }
  const parsed = ConfigFileSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = issuePath(issue);
      const message =
        issue.code === 'unrecognized_keys'
          ? `unknown key(s) ${issue.keys.join(', ')}`
          : issue.message;
      messages.push(`IMAGEWATCH_CONFIG ${file}: ${where || '(root)'} ${message}`);
    }
    return undefined;
  }
  return parsed.data;
}

/** Parses the environment. Throws `ConfigError` listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const messages: string[] = [];
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) messages.push(`${issuePath(issue)} ${issue.message}`);
    throw new ConfigError(messages);
  }
  const vars = parsed.data;
  const accounts: AccountConfig[] = [];

  const huaweiKeys = [
    'HUAWEICLOUD_SDK_AK',
    'HUAWEICLOUD_SDK_SK',
    'HUAWEICLOUD_REGION',
    'HUAWEICLOUD_SDK_PROJECT_ID',
  ] as const;
  const huaweiGiven =
    vars.HUAWEICLOUD_SDK_AK !== undefined || vars.HUAWEICLOUD_SDK_SK !== undefined;
  if (huaweiGiven) {
    for (const key of huaweiKeys) {
      if (vars[key] === undefined)
        messages.push(`${key} is required when Huawei Cloud keys are set`);
    }
    if (
      vars.HUAWEICLOUD_SDK_AK &&
      vars.HUAWEICLOUD_SDK_SK &&
      vars.HUAWEICLOUD_REGION &&
      vars.HUAWEICLOUD_SDK_PROJECT_ID
    ) {
      const defaults = huaweiEndpoints(vars.HUAWEICLOUD_REGION);
      accounts.push({
        provider: 'huawei',
        id: 'huawei',
        name: `Huawei Cloud ${vars.HUAWEICLOUD_REGION}`,
        mode: 'live',
        credentials: {
          ak: vars.HUAWEICLOUD_SDK_AK,
          sk: vars.HUAWEICLOUD_SDK_SK,
          region: vars.HUAWEICLOUD_REGION,
          projectId: vars.HUAWEICLOUD_SDK_PROJECT_ID,
        },
        hssEndpoint: vars.HUAWEICLOUD_HSS_ENDPOINT ?? defaults.hss,
        swrEndpoint: vars.HUAWEICLOUD_SWR_ENDPOINT ?? defaults.swr,
        enterpriseProjectId:
          vars.HUAWEICLOUD_ENTERPRISE_PROJECT_ID ?? DEFAULT_ENTERPRISE_PROJECT_ID,
      });
    }
  } else {
    for (const key of [
      'HUAWEICLOUD_SDK_PROJECT_ID',
      'HUAWEICLOUD_HSS_ENDPOINT',
      'HUAWEICLOUD_SWR_ENDPOINT',
    ] as const) {
      if (vars[key] !== undefined)
        messages.push(`${key} is set but HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not`);
    }
  }

  const alibabaKeys = [
    'ALIBABA_CLOUD_ACCESS_KEY_ID',
    'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    'ALIBABA_CLOUD_REGION_ID',
    'ACR_INSTANCE_ID',
  ] as const;
  const alibabaGiven =
    vars.ALIBABA_CLOUD_ACCESS_KEY_ID !== undefined ||
    vars.ALIBABA_CLOUD_ACCESS_KEY_SECRET !== undefined;
  if (alibabaGiven) {
    for (const key of alibabaKeys) {
      if (vars[key] === undefined)
        messages.push(`${key} is required when Alibaba Cloud keys are set`);
    }
    if (
      vars.ALIBABA_CLOUD_ACCESS_KEY_ID &&
      vars.ALIBABA_CLOUD_ACCESS_KEY_SECRET &&
      vars.ALIBABA_CLOUD_REGION_ID &&
      vars.ACR_INSTANCE_ID
    ) {
      accounts.push({
        provider: 'alibaba',
        id: 'alibaba',
        name: `Alibaba Cloud ${vars.ALIBABA_CLOUD_REGION_ID}`,
        mode: 'live',
        credentials: {
          accessKeyId: vars.ALIBABA_CLOUD_ACCESS_KEY_ID,
          accessKeySecret: vars.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
          regionId: vars.ALIBABA_CLOUD_REGION_ID,
        },
        acrEndpoint: vars.ACR_ENDPOINT ?? acrEndpoint(vars.ALIBABA_CLOUD_REGION_ID),
        instanceId: vars.ACR_INSTANCE_ID,
      });
    }
  } else if (vars.ACR_ENDPOINT !== undefined || vars.ACR_INSTANCE_ID !== undefined) {
    messages.push(
      'ACR_INSTANCE_ID/ACR_ENDPOINT are set but ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not',
    );
  }

  if (vars.IMAGEWATCH_CONFIG !== undefined) {
    const file = readConfigFile(path.resolve(vars.IMAGEWATCH_CONFIG), messages);
    for (const entry of file?.accounts ?? []) {
      if (entry.provider === 'huawei') {
        const defaults = huaweiEndpoints(entry.region);
        accounts.push({
          provider: 'huawei',
          id: entry.id,
          name: entry.name ?? entry.id,
          mode: 'live',
          credentials: {
            ak: entry.ak,
            sk: entry.sk,
            region: entry.region,
            projectId: entry.project_id,
          },
          hssEndpoint: (entry.hss_endpoint ?? defaults.hss).replace(/\/+$/, ''),
          swrEndpoint: (entry.swr_endpoint ?? defaults.swr).replace(/\/+$/, ''),
          enterpriseProjectId: entry.enterprise_project_id ?? DEFAULT_ENTERPRISE_PROJECT_ID,
        });
      } else {
        accounts.push({
          provider: 'alibaba',
          id: entry.id,
          name: entry.name ?? entry.id,
          mode: 'live',
          credentials: {
            accessKeyId: entry.access_key_id,
            accessKeySecret: entry.access_key_secret,
            regionId: entry.region_id,
          },
          acrEndpoint: (entry.acr_endpoint ?? acrEndpoint(entry.region_id)).replace(/\/+$/, ''),
          instanceId: entry.instance_id,
        });
      }
    }
  }

  const seen = new Set<string>();
  for (const account of accounts) {
    if (seen.has(account.id))
      messages.push(`account id "${account.id}" is configured twice (ids must be unique)`);
    seen.add(account.id);
  }

  const trustProxy = vars.TRUST_PROXY ?? false;
  // Trusting every peer would let any client that reaches the port sign in by sending the header.
  if (vars.AUTH_PROXY_HEADER !== undefined && !Array.isArray(trustProxy)) {
    messages.push(
      'AUTH_PROXY_HEADER needs TRUST_PROXY to list the addresses or CIDR ranges of the proxies that set the header (such as 10.0.0.5 or 10.0.0.0/24)',
    );
  }

  if (messages.length > 0) throw new ConfigError(messages);

  const mode: Mode = accounts.length === 0 ? 'demo' : 'live';
  const rateLimit = vars.SIM_RATE_LIMIT ?? DEMO_RATE_LIMIT;
  const dashboardToken = vars.DASHBOARD_TOKEN ?? randomBytes(32).toString('base64url');
  return {
    mode,
    port: vars.PORT ?? 8080,
    host: vars.HOST ?? '127.0.0.1',
    dashboardToken,
    dashboardTokenGenerated: vars.DASHBOARD_TOKEN === undefined,
    accounts,
    simulator: {
      seed: vars.SIM_SEED,
      registryImages: vars.SIM_REGISTRY_IMAGES,
      cicdImages: vars.SIM_CICD_IMAGES,
      latencyMs: vars.SIM_LATENCY_MS ?? 0,
      faults: vars.SIM_FAULTS,
      rateLimit,
    },
    // In demo mode the simulator's allowance is the budget: the demo should not crawl at 5/min.
    hssCallBudget: vars.HSS_CALL_BUDGET ?? (mode === 'demo' ? rateLimit : LIVE_HSS_CALL_BUDGET),
    acrCallBudget: vars.ACR_CALL_BUDGET ?? (mode === 'demo' ? rateLimit : LIVE_ACR_CALL_BUDGET),
    dataDir: path.resolve(vars.DATA_DIR ?? './data'),
    databaseUrl: vars.DATABASE_URL,
    syncLeaseTtlMs: vars.SYNC_LEASE_TTL_MS ?? DEFAULT_SYNC_LEASE_TTL_MS,
    syncIntervalMs: vars.SYNC_INTERVAL_MS ?? DEFAULT_SYNC_INTERVAL_MS,
    syncSweepIntervalMs: vars.SYNC_SWEEP_INTERVAL_MS ?? DEFAULT_SYNC_SWEEP_INTERVAL_MS,
    queryCacheMb: vars.QUERY_CACHE_MB ?? DEFAULT_QUERY_CACHE_MB,
    queryQueueLimit: vars.QUERY_QUEUE_LIMIT ?? DEFAULT_QUERY_QUEUE_LIMIT,
    queryQueueMaxWaitMs: vars.QUERY_QUEUE_MAX_WAIT_MS ?? DEFAULT_QUERY_QUEUE_MAX_WAIT_MS,
    exportConcurrency: vars.EXPORT_CONCURRENCY ?? DEFAULT_EXPORT_CONCURRENCY,
    logLevel: vars.LOG_LEVEL ?? 'info',
    trustProxy,
    authProxyHeader: vars.AUTH_PROXY_HEADER,
  };
}

export interface DemoKeys {
  huawei: HuaweiCredentials;
  alibaba: AlibabaCredentials;
}

/** Fresh random demo keys: the simulator verifies signatures, so demo mode signs like production. */
export function generateDemoKeys(): DemoKeys {
  const hex = (bytes: number) => randomBytes(bytes).toString('hex');
  return {
    huawei: {
      ak: `DEMO${hex(8).toUpperCase()}`,
      sk: hex(20),
      projectId: hex(16),
      region: 'cn-north-4',
    },
    alibaba: {
      accessKeyId: `LTAIdemo${hex(6)}`,
      accessKeySecret: hex(15),
      regionId: 'cn-hangzhou',
    },
  };
}

/** The two demo accounts, pointed at the embedded simulator (same signed client path as production). */
export function demoAccounts(
  keys: DemoKeys,
  simulatorUrl: string,
  acrInstanceId: string,
): AccountConfig[] {
  const url = simulatorUrl.replace(/\/+$/, '');
  return [
    {
      provider: 'huawei',
      id: 'demo-huawei',
      name: 'Demo Huawei Cloud (simulated)',
      mode: 'demo',
      credentials: keys.huawei,
      hssEndpoint: url,
      swrEndpoint: url,
      enterpriseProjectId: DEFAULT_ENTERPRISE_PROJECT_ID,
    },
    {
      provider: 'alibaba',
      id: 'demo-alibaba',
      name: 'Demo Alibaba Cloud (simulated)',
      mode: 'demo',
      credentials: keys.alibaba,
      acrEndpoint: url,
      instanceId: acrInstanceId,
    },
  ];
}

/** The password in a DATABASE_URL (as written and decoded), if it has one. */
function databasePasswords(databaseUrl: string | undefined): string[] {
  if (databaseUrl === undefined) return [];
  try {
    const password = new URL(databaseUrl).password;
    if (password === '') return [];
    return [password, decodeURIComponent(password)];
  } catch {
    return [];
  }
}

/**
 * Every configured secret value, for the log guard: the dashboard token, the key pairs (the
 * access key ids too: half of a credential, and they name the account), the database password.
 */
export function configuredSecrets(
  config: Pick<Config, 'accounts' | 'dashboardToken'> & { databaseUrl?: string | undefined },
): string[] {
  const secrets = [config.dashboardToken, ...databasePasswords(config.databaseUrl)];
  for (const account of config.accounts) {
    if (account.provider === 'huawei') secrets.push(account.credentials.ak, account.credentials.sk);
    else secrets.push(account.credentials.accessKeyId, account.credentials.accessKeySecret);
  }
  return secrets.filter((secret) => secret.length >= 6);
}
