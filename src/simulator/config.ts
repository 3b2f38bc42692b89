// `npm run simulator` configuration: the same field schemas as the BFF (shared/config/fields.ts),
// so SIM_SEED or SIM_REGISTRY_IMAGES mean the same range whichever of the two reads them.
import { z } from 'zod';
import {
  CLOUD_KEY_FIELDS,
  ConfigError,
  HUAWEI_KEY_NAMES,
  DEFAULT_SIMULATOR_RATE_LIMIT,
  SIMULATOR_FIELDS,
  integerField,
  parseEnvironment,
  optionalText,
  requiredTogether,
} from '../shared/config/fields';
import { DEMO_ALIBABA, DEMO_HUAWEI } from './demo-keys';
import { DEFAULT_CICD_IMAGES, DEFAULT_REGISTRY_IMAGES } from './estate';
import { DEFAULT_SIM_SEED } from './server';

const DEFAULT_PORT = 9090;

const SimulatorEnvSchema = z.object({
  SIM_PORT: integerField(0, 65_535),
  SIM_HOST: optionalText,
  SIM_LOG: optionalText,
  ...SIMULATOR_FIELDS,
  ...CLOUD_KEY_FIELDS,
});
type SimulatorEnv = z.output<typeof SimulatorEnvSchema>;

export interface SimulatorMainConfig {
  host: string;
  port: number;
  seed: number;
  registryImages: number;
  cicdImages: number;
  latencyMs: number;
  rateLimit: string;
  faults: string;
  /** The keys the simulator accepts: the given ones, or the printed demo keys. */
  huawei: { ak: string; sk: string; projectId: string; region: string };
  alibaba: { accessKeyId: string; accessKeySecret: string; regionId?: string };
  /** SIM_LOG=1: one line per request. */
  log: boolean;
}

const ALIBABA_KEYS = ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'] as const;

function huaweiKeys(vars: SimulatorEnv, messages: string[]): SimulatorMainConfig['huawei'] {
  const { HUAWEICLOUD_SDK_AK: ak, HUAWEICLOUD_SDK_SK: sk } = vars;
  if (ak === undefined && sk === undefined) return DEMO_HUAWEI;
  messages.push(...requiredTogether(vars, HUAWEI_KEY_NAMES, 'Huawei Cloud keys'));
  const { HUAWEICLOUD_SDK_PROJECT_ID: projectId, HUAWEICLOUD_REGION: region } = vars;
  return { ak: ak ?? '', sk: sk ?? '', projectId: projectId ?? '', region: region ?? '' };
}

function alibabaKeys(vars: SimulatorEnv, messages: string[]): SimulatorMainConfig['alibaba'] {
  const { ALIBABA_CLOUD_ACCESS_KEY_ID: accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret } =
    vars;
  if (accessKeyId === undefined && secret === undefined) return DEMO_ALIBABA;
  messages.push(...requiredTogether(vars, ALIBABA_KEYS, 'Alibaba Cloud keys'));
  const regionId = vars.ALIBABA_CLOUD_REGION_ID;
  return {
    accessKeyId: accessKeyId ?? '',
    accessKeySecret: secret ?? '',
    ...(regionId === undefined ? {} : { regionId }),
  };
}

/** Reads the environment; throws ConfigError listing every problem by variable. */
export function loadSimulatorConfig(env: NodeJS.ProcessEnv): SimulatorMainConfig {
  const vars = parseEnvironment(SimulatorEnvSchema, env);
  const messages: string[] = [];
  const huawei = huaweiKeys(vars, messages);
  const alibaba = alibabaKeys(vars, messages);
  if (messages.length > 0) throw new ConfigError(messages);
  return {
    host: vars.SIM_HOST ?? '127.0.0.1',
    port: vars.SIM_PORT ?? DEFAULT_PORT,
    seed: vars.SIM_SEED ?? DEFAULT_SIM_SEED,
    registryImages: vars.SIM_REGISTRY_IMAGES ?? DEFAULT_REGISTRY_IMAGES,
    cicdImages: vars.SIM_CICD_IMAGES ?? DEFAULT_CICD_IMAGES,
    latencyMs: vars.SIM_LATENCY_MS ?? 0,
    rateLimit: vars.SIM_RATE_LIMIT ?? DEFAULT_SIMULATOR_RATE_LIMIT,
    faults: vars.SIM_FAULTS ?? '',
    huawei,
    alibaba,
    log: vars.SIM_LOG === '1',
  };
}
