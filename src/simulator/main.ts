// `npm run simulator`: the simulator alone, for pointing the BFF or any client at it.
import { configOrMessages } from '../shared/config/fields';
import { loadSimulatorConfig, type SimulatorMainConfig } from './config';
import { DEMO_ALIBABA, DEMO_HUAWEI } from './demo-keys';
import { startSimulator } from './server';

function readConfig(): SimulatorMainConfig {
  const read = configOrMessages(() => loadSimulatorConfig(process.env));
  if (read.ok) return read.config;
  for (const message of read.messages) console.error(`simulator: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const config = readConfig();
  const { host, port, seed, registryImages, cicdImages, latencyMs, rateLimit, faults } = config;
  const { huawei, alibaba } = config;
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
    logger: config.log ? (line) => console.log(line) : undefined,
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
