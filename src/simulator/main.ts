// `npm run simulator`: the simulator alone, for pointing the BFF or any client at it.
import { startSimulator, DEFAULT_SIM_SEED } from './server';
import { parseFaults } from './faults';
import { parseRate } from '../shared/upstream/rate';
import { DEMO_ALIBABA, DEMO_HUAWEI } from './demo-keys';

function fail(message: string): never {
  console.error(`simulator: ${message}`);
  process.exit(1);
}

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text.trim()))
    fail(`${name} must be an integer from ${min} to ${max}, got "${text}"`);
  const value = Number(text.trim());
  if (value < min || value > max)
    fail(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  return value;
}

function huaweiCredentials(): typeof DEMO_HUAWEI {
  const ak = process.env.HUAWEICLOUD_SDK_AK;
  const sk = process.env.HUAWEICLOUD_SDK_SK;
  if (!ak && !sk) return DEMO_HUAWEI;
  if (!ak || !sk) fail('HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK must be set together');
  const projectId = process.env.HUAWEICLOUD_SDK_PROJECT_ID ?? '';
  const region = process.env.HUAWEICLOUD_REGION ?? '';
  if (!/^[A-Za-z0-9-]{1,256}$/.test(projectId))
    fail('HUAWEICLOUD_SDK_PROJECT_ID is required with the keys (1-256 letters, digits, "-")');
  if (!/^[a-z]{2}-[a-z]+-\d+$/.test(region))
    fail('HUAWEICLOUD_REGION is required with the keys, e.g. cn-north-4');
  return { ak, sk, projectId, region };
}

function alibabaCredentials(): typeof DEMO_ALIBABA {
  const accessKeyId = process.env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const accessKeySecret = process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (!accessKeyId && !accessKeySecret) return DEMO_ALIBABA;
  if (!accessKeyId || !accessKeySecret) {
    fail('ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET must be set together');
  }
  return { accessKeyId, accessKeySecret };
}

async function main(): Promise<void> {
  const port = intEnv('SIM_PORT', 9090, 0, 65_535);
  const host = process.env.SIM_HOST || '127.0.0.1';
  const seed = intEnv('SIM_SEED', DEFAULT_SIM_SEED, 0, 4_294_967_295);
  const registryImages = intEnv('SIM_REGISTRY_IMAGES', 20_000, 0, 2_000_000);
  const cicdImages = intEnv('SIM_CICD_IMAGES', 2_000, 0, 2_000_000);
  const latencyMs = intEnv('SIM_LATENCY_MS', 0, 0, 600_000);
  const rateLimit = process.env.SIM_RATE_LIMIT || '600/min';
  const faults = process.env.SIM_FAULTS ?? '';
  try {
    parseRate(rateLimit);
  } catch (error) {
    fail(`SIM_RATE_LIMIT: ${(error as Error).message}`);
  }
  try {
    parseFaults(faults);
  } catch (error) {
    fail(`SIM_FAULTS: ${(error as Error).message}`);
  }
  const huawei = huaweiCredentials();
  const alibaba = alibabaCredentials();

  const started = performance.now();
  const sim = await startSimulator({
    host,
    port,
    seed,
    registryImages,
    cicdImages,
    latencyMs,
    rateLimit,
    faults,
    huaweiCredentials: [huawei],
    alibabaCredentials: [alibaba],
    logger: process.env.SIM_LOG === '1' ? (line) => console.log(line) : undefined,
  });
  const ms = Math.round(performance.now() - started);
  console.log(`simulator listening at ${sim.url}`);
  console.log(
    `estate: ${sim.estate.registryImages.length} repository images, ${sim.estate.cicdImages.length} CI/CD images, ` +
      `${sim.estate.swrRepositories.size} SWR repositories, ${sim.estate.acrRepositories.length} ACR repositories (seed ${seed}, ${ms} ms)`,
  );
  console.log(
    `rate limit ${rateLimit} per credential and API${faults ? `, faults ${faults}` : ''}${latencyMs ? `, latency ${latencyMs} ms` : ''}`,
  );
  if (huawei === DEMO_HUAWEI) {
    console.log(
      `demo Huawei keys: AK=${huawei.ak} SK=${huawei.sk} project=${huawei.projectId} region=${huawei.region}`,
    );
  } else {
    console.log(`Huawei key ${huawei.ak} accepted (project ${huawei.projectId}, ${huawei.region})`);
  }
  if (alibaba === DEMO_ALIBABA) {
    console.log(
      `demo Alibaba keys: AccessKeyId=${alibaba.accessKeyId} AccessKeySecret=${alibaba.accessKeySecret}`,
    );
  } else {
    console.log(`Alibaba key ${alibaba.accessKeyId} accepted`);
  }
  console.log(
    `ACR instances: ${sim.estate.acrInstances.map((instance) => instance.InstanceId).join(', ')}`,
  );

  const shutdown = (signal: string): void => {
    console.log(`simulator: ${signal}, closing`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

void main();
