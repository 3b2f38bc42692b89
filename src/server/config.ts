// Start-up configuration (README, "Configuration"). Every bad variable or
// key is reported at once, by name, so that one failed start tells the operator everything.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { AcrInstanceIdSchema } from '../shared/contracts';
import {
  CLOUD_KEY_FIELDS,
  ConfigError,
  HUAWEI_KEY_NAMES,
  DEFAULT_SIMULATOR_RATE_LIMIT,
  HUAWEI_REGION_PATTERN,
  SIMULATOR_FIELDS,
  integerField,
  parseEnvironment,
  issuePath,
  optionalText,
  rateField,
  requiredTogether,
} from '../shared/config/fields';
import type { AlibabaCredentials, HuaweiCredentials } from './upstream/types';
import type { AccessRule } from './auth/access';
import { ROLES } from './auth/principal';

/** Between incremental sync cycles (only what changed since the watermarks). */
export const DEFAULT_SYNC_INTERVAL_MS = 5 * 60_000;
/** Between full mark-and-sweep crawls (they remove images that are gone). */
export const DEFAULT_SYNC_SWEEP_INTERVAL_MS = 6 * 3_600_000;
/** EXPORT_CONCURRENCY: distinct CSV export generations at once (more wait in a queue). */
export const DEFAULT_EXPORT_CONCURRENCY = 2;
/** CHANGE_RETENTION_DAYS: how long change events are kept. */
export const DEFAULT_CHANGE_RETENTION_DAYS = 400;
/** AUDIT_RETENTION_DAYS: how long audit entries are kept. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 400;
/** QUERY_CACHE_MB: the estimated size bound of the cache of inventory answers (0 disables it). */
export const DEFAULT_QUERY_CACHE_MB = 64;
/**
 * QUERY_QUEUE_LIMIT: inventory computations (cache misses) running or waiting at most. 64 admits
 * fifty dashboards' never-repeated queries at once (issue 25's load run); QUERY_QUEUE_MAX_WAIT_MS
 * still refuses a computation whose estimated wait is too long.
 */
export const DEFAULT_QUERY_QUEUE_LIMIT = 64;
/** QUERY_QUEUE_MAX_WAIT_MS: a computation estimated to wait longer is answered 429 at once. */
export const DEFAULT_QUERY_QUEUE_MAX_WAIT_MS = 5_000;
export const DEFAULT_ENTERPRISE_PROJECT_ID = 'all_granted_eps';
/** A dead syncer's lease is taken over after this (renewed every third of it): within a minute. */
export const DEFAULT_SYNC_LEASE_TTL_MS = 30_000;
const LIVE_HSS_CALL_BUDGET = '5/min';
/** Alibaba publishes no per-API figure for ListRepoTag/ListRepository: a cautious default. */
const LIVE_ACR_CALL_BUDGET = '60/min';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export { ConfigError };

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
  /** The first of `instanceIds`: the ACR routes' instance unless a request names another. */
  instanceId: string;
  /** Every instance the ACR sync mirrors (ACR_INSTANCE_ID may list several, comma-separated). */
  instanceIds: string[];
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
  /**
   * READ_POOL_SIZE: inventory reads running at once off the event loop (store/read-pool.ts);
   * 0 keeps them on the main connection; undefined = one per core, at least 2.
   */
  readPoolSize: number | undefined;
  /** EXPORT_CONCURRENCY: distinct CSV export generations at once. */
  exportConcurrency: number;
  /** CHANGE_RETENTION_DAYS: change events older than this are pruned. */
  changeRetentionDays: number;
  /** AUDIT_RETENTION_DAYS: audit entries older than this are pruned. */
  auditRetentionDays: number;
  /** NOTIFY_ALLOW_PRIVATE: notifications may reach http: and private/loopback addresses (tests). */
  notifyAllowPrivate: boolean;
  /** PUBLIC_URL: the app's address as users reach it; notifications link back to it. */
  publicUrl: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** TRUST_PROXY: trust X-Forwarded-* from every peer (true), none (false), or these addresses/CIDRs. */
  trustProxy: boolean | string[];
  /** AUTH_PROXY_HEADER: the SSO proxy's user header (lower case); undefined when off. */
  authProxyHeader: string | undefined;
  /** AUTH_PROXY_GROUPS_HEADER: with the proxy header, the header carrying the user's groups. */
  authProxyGroupsHeader: string | undefined;
  /** The configuration file's `access.roles`: group → role and scope; empty = no role mapping. */
  accessRules: AccessRule[];
  /** OIDC_*: single sign-on through this OpenID provider; undefined when off. */
  oidc: OidcConfig | undefined;
  /** BASIC_IMAGE_ENRICH (default on): the background look-up of every image's basic image. */
  basicImageEnrich: boolean;
}

/** Single sign-on (OIDC_*): the provider, this app's client at it, and the claim with groups. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  groupsClaim: string;
}

const OIDC_REQUIRED = [
  'OIDC_ISSUER',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_REDIRECT_URI',
] as const;

function httpUrlField(example: string) {
  return optionalText.pipe(
    z.url({ protocol: /^https?$/, error: `must be an http(s) URL such as ${example}` }).optional(),
  );
}
/** ACR_INSTANCE_ID / `instance_id`: one ACR instance id, or several separated by commas. */
function splitInstanceIds(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
const acrInstanceIdsSchema = z
  .string()
  .refine(
    (text) =>
      splitInstanceIds(text).length > 0 &&
      splitInstanceIds(text).every((id) => AcrInstanceIdSchema.safeParse(id).success),
    {
      error:
        'must be one or more ACR instance ids ("cri-" followed by lower-case letters and digits), separated by commas',
    },
  );

const endpointField = optionalText.pipe(
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

const trustProxyField = optionalText.pipe(
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

// Each concern's variables, each with its syntax and range; the simulator's and the cloud keys'
// fields are shared with `npm run simulator` (shared/config/fields.ts).
const SERVER_FIELDS = {
  PORT: integerField(0, 65535),
  HOST: optionalText,
  LOG_LEVEL: optionalText.pipe(
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
  ),
};

function headerNameField(example: string) {
  return optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/, { error: `must be a header name such as ${example}` })
      .transform((name) => name.toLowerCase())
      .optional(),
  );
}

const AUTH_FIELDS = {
  DASHBOARD_TOKEN: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9._~+/=-]{16,256}$/, {
        error: 'must be 16 to 256 characters of letters, digits and ._~+/=-',
      })
      .optional(),
  ),
  TRUST_PROXY: trustProxyField,
  AUTH_PROXY_HEADER: headerNameField('X-Forwarded-User'),
  AUTH_PROXY_GROUPS_HEADER: headerNameField('X-Forwarded-Groups'),
  OIDC_ISSUER: httpUrlField('https://keycloak.example.com/realms/main'),
  OIDC_CLIENT_ID: optionalText,
  OIDC_CLIENT_SECRET: optionalText,
  OIDC_REDIRECT_URI: httpUrlField('https://imagewatch.example.com/auth/callback'),
  OIDC_GROUPS_CLAIM: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_:./-]{1,128}$/, { error: 'must be a claim name such as groups' })
      .optional(),
  ),
};

const ACCOUNT_FIELDS = {
  ...CLOUD_KEY_FIELDS,
  HUAWEICLOUD_HSS_ENDPOINT: endpointField,
  HUAWEICLOUD_SWR_ENDPOINT: endpointField,
  HUAWEICLOUD_ENTERPRISE_PROJECT_ID: optionalText,
  ACR_INSTANCE_ID: optionalText.pipe(acrInstanceIdsSchema.optional()),
  ACR_ENDPOINT: endpointField,
  IMAGEWATCH_CONFIG: optionalText,
  HSS_CALL_BUDGET: rateField,
  ACR_CALL_BUDGET: rateField,
};

const STORE_AND_SYNC_FIELDS = {
  DATA_DIR: optionalText,
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, { error: 'must be a postgres:// or postgresql:// URL' })
      .optional(),
  ),
  SYNC_INTERVAL_MS: integerField(1_000, 7 * 24 * 3_600_000),
  SYNC_LEASE_TTL_MS: integerField(1_000, 60_000),
  SYNC_SWEEP_INTERVAL_MS: integerField(1_000, 30 * 24 * 3_600_000),
};

const SERVING_FIELDS = {
  QUERY_CACHE_MB: integerField(0, 4_096),
  QUERY_QUEUE_LIMIT: integerField(1, 10_000),
  QUERY_QUEUE_MAX_WAIT_MS: integerField(100, 600_000),
  READ_POOL_SIZE: integerField(0, 64),
  EXPORT_CONCURRENCY: integerField(1, 64),
  CHANGE_RETENTION_DAYS: integerField(1, 36_500),
  AUDIT_RETENTION_DAYS: integerField(1, 36_500),
  BASIC_IMAGE_ENRICH: optionalText.pipe(
    z.enum(['on', 'off'], { error: 'must be on or off' }).optional(),
  ),
};

const NOTIFY_FIELDS = {
  NOTIFY_ALLOW_PRIVATE: optionalText.pipe(
    z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  ),
  PUBLIC_URL: optionalText.pipe(
    z
      .url({
        protocol: /^https?$/,
        error: 'must be an http(s) URL such as https://imagewatch.example.com',
      })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
  ),
};

const EnvSchema = z.object({
  ...SERVER_FIELDS,
  ...AUTH_FIELDS,
  ...ACCOUNT_FIELDS,
  ...SIMULATOR_FIELDS,
  ...STORE_AND_SYNC_FIELDS,
  ...SERVING_FIELDS,
  ...NOTIFY_FIELDS,
});
type EnvVars = z.output<typeof EnvSchema>;

const fileText = z.string({ error: 'is required' }).trim().min(1, { error: 'must not be empty' });
const fileAccountId = fileText.regex(/^[A-Za-z0-9._-]{1,64}$/, {
  error: 'must be 1 to 64 letters, digits, ".", "_" or "-"',
});
const fileEndpoint = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional();

const FileAccountSchema = z.discriminatedUnion(
  'provider',
  [
    z.strictObject({
      provider: z.literal('huawei'),
      id: fileAccountId,
      name: fileText.optional(),
      ak: fileText,
      sk: fileText,
      region: fileText.regex(HUAWEI_REGION_PATTERN, {
        error: 'must be a region id such as cn-north-4',
      }),
      project_id: fileText,
      hss_endpoint: fileEndpoint,
      swr_endpoint: fileEndpoint,
      enterprise_project_id: fileText.optional(),
    }),
    z.strictObject({
      provider: z.literal('alibaba'),
      id: fileAccountId,
      name: fileText.optional(),
      access_key_id: fileText,
      access_key_secret: fileText,
      region_id: fileText,
      instance_id: fileText.pipe(acrInstanceIdsSchema),
      acr_endpoint: fileEndpoint,
    }),
  ],
  { error: 'provider must be "huawei" or "alibaba"' },
);
const namePatterns = z
  .array(
    fileText.regex(/^[A-Za-z0-9._*-]{1,128}$/, { error: 'must be a name or a pattern with *' }),
  )
  .min(1, { error: 'must list at least one name (leave the key out for every one)' });
const AccessRuleSchema = z.strictObject({
  group: fileText,
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
  accounts: namePatterns.optional(),
  namespaces: namePatterns.optional(),
});
const ConfigFileSchema = z
  .strictObject({
    accounts: z
      .array(FileAccountSchema)
      .min(1, { error: 'must list at least one account' })
      .optional(),
    access: z.strictObject({ roles: z.array(AccessRuleSchema) }).optional(),
  })
  .refine((file) => file.accounts !== undefined || file.access !== undefined, {
    error: 'must list accounts or access roles',
  });

export function huaweiEndpoints(region: string): { hss: string; swr: string } {
  const domain = region === 'eu-west-101' ? 'myhuaweicloud.eu' : 'myhuaweicloud.com';
  return { hss: `https://hss.${region}.${domain}`, swr: `https://swr-api.${region}.${domain}` };
}

export function acrEndpoint(regionId: string): string {
  return `https://cr.${regionId}.aliyuncs.com`;
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** One live Huawei account, from the environment or the accounts file; endpoints default by region. */
function huaweiAccount(entry: {
  id: string;
  name: string;
  credentials: HuaweiCredentials;
  hssEndpoint: string | undefined;
  swrEndpoint: string | undefined;
  enterpriseProjectId: string | undefined;
}): HuaweiAccountConfig {
  const defaults = huaweiEndpoints(entry.credentials.region);
  return {
    provider: 'huawei',
    id: entry.id,
    name: entry.name,
    mode: 'live',
    credentials: entry.credentials,
    hssEndpoint: withoutTrailingSlash(entry.hssEndpoint ?? defaults.hss),
    swrEndpoint: withoutTrailingSlash(entry.swrEndpoint ?? defaults.swr),
    enterpriseProjectId: entry.enterpriseProjectId ?? DEFAULT_ENTERPRISE_PROJECT_ID,
  };
}

/** One live Alibaba account, from the environment or the accounts file. */
function alibabaAccount(entry: {
  id: string;
  name: string;
  credentials: AlibabaCredentials;
  acrEndpoint: string | undefined;
  /** One instance id, or several separated by commas. */
  instanceId: string;
}): AlibabaAccountConfig {
  const instanceIds = splitInstanceIds(entry.instanceId);
  return {
    provider: 'alibaba',
    id: entry.id,
    name: entry.name,
    mode: 'live',
    credentials: entry.credentials,
    acrEndpoint: withoutTrailingSlash(entry.acrEndpoint ?? acrEndpoint(entry.credentials.regionId)),
    instanceId: instanceIds[0] ?? entry.instanceId,
    instanceIds,
  };
}

const ALIBABA_KEYS = [
  'ALIBABA_CLOUD_ACCESS_KEY_ID',
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'ALIBABA_CLOUD_REGION_ID',
  'ACR_INSTANCE_ID',
] as const;

/**
 * A cloud's one account of environment variables. None when neither of its key id and secret is
 * set (then `straySet` names its other variables set in vain); else a message for each of `keys`
 * missing, and the account once they are all set (`value` reads one of them).
 */
function envAccount<Key extends (typeof HUAWEI_KEY_NAMES | typeof ALIBABA_KEYS)[number]>(
  vars: EnvVars,
  messages: string[],
  cloud: {
    keys: readonly [Key, Key, ...Key[]];
    label: string;
    straySet: () => string[];
    account: (value: (key: Key) => string) => AccountConfig;
  },
): AccountConfig[] {
  const [keyId, secret] = cloud.keys;
  if (vars[keyId] === undefined && vars[secret] === undefined) {
    messages.push(...cloud.straySet());
    return [];
  }
  messages.push(...requiredTogether(vars, cloud.keys, cloud.label));
  if (cloud.keys.some((key) => !vars[key])) return [];
  return [cloud.account((key) => vars[key] ?? '')];
}

/** The Huawei account of the HUAWEICLOUD_* variables, if its keys are set. */
function huaweiEnvAccount(vars: EnvVars, messages: string[]): AccountConfig[] {
  const dependents = [
    'HUAWEICLOUD_SDK_PROJECT_ID',
    'HUAWEICLOUD_HSS_ENDPOINT',
    'HUAWEICLOUD_SWR_ENDPOINT',
  ] as const;
  return envAccount(vars, messages, {
    keys: HUAWEI_KEY_NAMES,
    label: 'Huawei Cloud keys',
    straySet: () =>
      dependents
        .filter((key) => vars[key] !== undefined)
        .map((key) => `${key} is set but HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not`),
    account: (value) =>
      huaweiAccount({
        id: 'huawei',
        name: `Huawei Cloud ${value('HUAWEICLOUD_REGION')}`,
        credentials: {
          ak: value('HUAWEICLOUD_SDK_AK'),
          sk: value('HUAWEICLOUD_SDK_SK'),
          region: value('HUAWEICLOUD_REGION'),
          projectId: value('HUAWEICLOUD_SDK_PROJECT_ID'),
        },
        hssEndpoint: vars.HUAWEICLOUD_HSS_ENDPOINT,
        swrEndpoint: vars.HUAWEICLOUD_SWR_ENDPOINT,
        enterpriseProjectId: vars.HUAWEICLOUD_ENTERPRISE_PROJECT_ID,
      }),
  });
}

/** The Alibaba account of the ALIBABA_CLOUD_* and ACR_* variables, if its keys are set. */
function alibabaEnvAccount(vars: EnvVars, messages: string[]): AccountConfig[] {
  return envAccount(vars, messages, {
    keys: ALIBABA_KEYS,
    label: 'Alibaba Cloud keys',
    straySet: () =>
      vars.ACR_ENDPOINT !== undefined || vars.ACR_INSTANCE_ID !== undefined
        ? [
            'ACR_INSTANCE_ID/ACR_ENDPOINT are set but ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not',
          ]
        : [],
    account: (value) =>
      alibabaAccount({
        id: 'alibaba',
        name: `Alibaba Cloud ${value('ALIBABA_CLOUD_REGION_ID')}`,
        credentials: {
          accessKeyId: value('ALIBABA_CLOUD_ACCESS_KEY_ID'),
          accessKeySecret: value('ALIBABA_CLOUD_ACCESS_KEY_SECRET'),
          regionId: value('ALIBABA_CLOUD_REGION_ID'),
        },
        acrEndpoint: vars.ACR_ENDPOINT,
        instanceId: value('ACR_INSTANCE_ID'),
      }),
  });
}

function readConfigFile(file: string, messages: string[]): ConfigFile | undefined {
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

type ConfigFile = z.infer<typeof ConfigFileSchema>;

/** The IMAGEWATCH_CONFIG file, if one is named (problems go to `messages`). */
function configFile(vars: EnvVars, messages: string[]): ConfigFile | undefined {
  if (vars.IMAGEWATCH_CONFIG === undefined) return undefined;
  return readConfigFile(path.resolve(vars.IMAGEWATCH_CONFIG), messages);
}

/** The accounts listed in the configuration file. */
function fileAccounts(file: ConfigFile | undefined): AccountConfig[] {
  return (file?.accounts ?? []).map((entry) =>
    entry.provider === 'huawei'
      ? huaweiAccount({
          id: entry.id,
          name: entry.name ?? entry.id,
          credentials: {
            ak: entry.ak,
            sk: entry.sk,
            region: entry.region,
            projectId: entry.project_id,
          },
          hssEndpoint: entry.hss_endpoint,
          swrEndpoint: entry.swr_endpoint,
          enterpriseProjectId: entry.enterprise_project_id,
        })
      : alibabaAccount({
          id: entry.id,
          name: entry.name ?? entry.id,
          credentials: {
            accessKeyId: entry.access_key_id,
            accessKeySecret: entry.access_key_secret,
            regionId: entry.region_id,
          },
          acrEndpoint: entry.acr_endpoint,
          instanceId: entry.instance_id,
        }),
  );
}

function duplicateAccountIds(accounts: readonly AccountConfig[]): string[] {
  const seen = new Set<string>();
  const messages: string[] = [];
  for (const account of accounts) {
    if (seen.has(account.id))
      messages.push(`account id "${account.id}" is configured twice (ids must be unique)`);
    seen.add(account.id);
  }
  return messages;
}

/** Trusting every peer would let any client that reaches the port sign in by sending the header. */
function proxyAuthIssues(vars: EnvVars): string[] {
  if (vars.AUTH_PROXY_GROUPS_HEADER !== undefined && vars.AUTH_PROXY_HEADER === undefined)
    return ['AUTH_PROXY_GROUPS_HEADER needs AUTH_PROXY_HEADER (the header naming the user)'];
  if (vars.AUTH_PROXY_HEADER === undefined || Array.isArray(vars.TRUST_PROXY)) return [];
  return [
    'AUTH_PROXY_HEADER needs TRUST_PROXY to list the addresses or CIDR ranges of the proxies that set the header (such as 10.0.0.5 or 10.0.0.0/24)',
  ];
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** All four OIDC_* together, over https (plain http only on loopback), with roles to give. */
function oidcIssues(vars: EnvVars, file: ConfigFile | undefined): string[] {
  const given = OIDC_REQUIRED.filter((name) => vars[name] !== undefined);
  if (given.length === 0)
    return vars.OIDC_GROUPS_CLAIM === undefined
      ? []
      : ['OIDC_GROUPS_CLAIM needs OIDC_ISSUER (single sign-on is off)'];
  const missing = OIDC_REQUIRED.filter((name) => vars[name] === undefined);
  if (missing.length > 0)
    return [
      `${given[0] ?? ''} needs ${missing.join(', ')} as well (single sign-on takes all four)`,
    ];
  const issues: string[] = [];
  for (const name of ['OIDC_ISSUER', 'OIDC_REDIRECT_URI'] as const) {
    const url = new URL(vars[name] ?? '');
    if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname))
      issues.push(`${name} must use https (plain http only on a loopback address)`);
  }
  if (vars.AUTH_PROXY_HEADER !== undefined)
    issues.push('Set either single sign-on (OIDC_*) or AUTH_PROXY_HEADER, not both');
  if ((file?.access?.roles ?? []).length === 0)
    issues.push(
      'OIDC_ISSUER needs access.roles in the configuration file (IMAGEWATCH_CONFIG): the groups that may sign in and their roles',
    );
  return issues;
}

function oidcSettings(vars: EnvVars): OidcConfig | undefined {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI } = vars;
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET || !OIDC_REDIRECT_URI)
    return undefined;
  return {
    issuer: OIDC_ISSUER,
    clientId: OIDC_CLIENT_ID,
    clientSecret: OIDC_CLIENT_SECRET,
    redirectUri: OIDC_REDIRECT_URI,
    groupsClaim: vars.OIDC_GROUPS_CLAIM ?? 'groups',
  };
}

function simulatorSettings(vars: EnvVars): SimulatorConfig {
  return {
    seed: vars.SIM_SEED,
    registryImages: vars.SIM_REGISTRY_IMAGES,
    cicdImages: vars.SIM_CICD_IMAGES,
    latencyMs: vars.SIM_LATENCY_MS ?? 0,
    faults: vars.SIM_FAULTS,
    rateLimit: vars.SIM_RATE_LIMIT ?? DEFAULT_SIMULATOR_RATE_LIMIT,
  };
}

/** The settings that do not depend on the accounts: store, sync, serving, logging. */
function runtimeSettings(vars: EnvVars) {
  return {
    dataDir: path.resolve(vars.DATA_DIR ?? './data'),
    databaseUrl: vars.DATABASE_URL,
    syncLeaseTtlMs: vars.SYNC_LEASE_TTL_MS ?? DEFAULT_SYNC_LEASE_TTL_MS,
    syncIntervalMs: vars.SYNC_INTERVAL_MS ?? DEFAULT_SYNC_INTERVAL_MS,
    syncSweepIntervalMs: vars.SYNC_SWEEP_INTERVAL_MS ?? DEFAULT_SYNC_SWEEP_INTERVAL_MS,
    queryCacheMb: vars.QUERY_CACHE_MB ?? DEFAULT_QUERY_CACHE_MB,
    queryQueueLimit: vars.QUERY_QUEUE_LIMIT ?? DEFAULT_QUERY_QUEUE_LIMIT,
    queryQueueMaxWaitMs: vars.QUERY_QUEUE_MAX_WAIT_MS ?? DEFAULT_QUERY_QUEUE_MAX_WAIT_MS,
    readPoolSize: vars.READ_POOL_SIZE,
    exportConcurrency: vars.EXPORT_CONCURRENCY ?? DEFAULT_EXPORT_CONCURRENCY,
    changeRetentionDays: vars.CHANGE_RETENTION_DAYS ?? DEFAULT_CHANGE_RETENTION_DAYS,
    auditRetentionDays: vars.AUDIT_RETENTION_DAYS ?? DEFAULT_AUDIT_RETENTION_DAYS,
    notifyAllowPrivate: vars.NOTIFY_ALLOW_PRIVATE === 'true',
    basicImageEnrich: vars.BASIC_IMAGE_ENRICH !== 'off',
    logLevel: vars.LOG_LEVEL ?? 'info',
  };
}

/** Parses the environment. Throws `ConfigError` listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const vars = parseEnvironment(EnvSchema, env);
  const messages: string[] = [];
  const file = configFile(vars, messages);
  const accounts = [
    ...huaweiEnvAccount(vars, messages),
    ...alibabaEnvAccount(vars, messages),
    ...fileAccounts(file),
  ];
  messages.push(
    ...duplicateAccountIds(accounts),
    ...proxyAuthIssues(vars),
    ...oidcIssues(vars, file),
  );
  if (messages.length > 0) throw new ConfigError(messages);

  const mode: Mode = accounts.length === 0 ? 'demo' : 'live';
  const simulator = simulatorSettings(vars);
  return {
    mode,
    port: vars.PORT ?? 8080,
    host: vars.HOST ?? '127.0.0.1',
    dashboardToken: vars.DASHBOARD_TOKEN ?? randomBytes(32).toString('base64url'),
    dashboardTokenGenerated: vars.DASHBOARD_TOKEN === undefined,
    accounts,
    simulator,
    // In demo mode the simulator's allowance is the budget: the demo should not crawl at 5/min.
    hssCallBudget:
      vars.HSS_CALL_BUDGET ?? (mode === 'demo' ? simulator.rateLimit : LIVE_HSS_CALL_BUDGET),
    acrCallBudget:
      vars.ACR_CALL_BUDGET ?? (mode === 'demo' ? simulator.rateLimit : LIVE_ACR_CALL_BUDGET),
    ...runtimeSettings(vars),
    trustProxy: vars.TRUST_PROXY ?? false,
    authProxyHeader: vars.AUTH_PROXY_HEADER,
    authProxyGroupsHeader: vars.AUTH_PROXY_GROUPS_HEADER,
    accessRules: file?.access?.roles ?? [],
    oidc: oidcSettings(vars),
    publicUrl: vars.PUBLIC_URL ?? `http://localhost:${vars.PORT ?? 8080}`,
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

/** The demo Huawei account's id (the benches fill the inventory under it). */
export const DEMO_HUAWEI_ACCOUNT_ID = 'demo-huawei';

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
      id: DEMO_HUAWEI_ACCOUNT_ID,
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
      instanceIds: [acrInstanceId],
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
