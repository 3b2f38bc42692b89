// Starts Imagewatch: configuration, inventory, (in demo mode) the embedded simulator, the BFF
// and the sync engine; prints the one URL to open; shuts down cleanly on SIGTERM/SIGINT.
import { composeServer } from './compose';
import { ConfigError, demoAccounts, generateDemoKeys, loadConfig, type Config } from './config';
import { InventoryOpenError, openInventory, type InventoryDb } from './store/db';
import { openReadPool } from './store/read-pool';
import type { RunningSimulator } from '../simulator';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function startDemoSimulator(
  config: Config,
): Promise<{ simulator: RunningSimulator; config: Config }> {
  // Loaded only in demo mode, so a live deployment never starts it.
  const { startSimulator } = await import('../simulator');
  const keys = generateDemoKeys();
  const simulator = await startSimulator({
    host: '127.0.0.1',
    port: 0,
    ...(config.simulator.seed !== undefined ? { seed: config.simulator.seed } : {}),
    ...(config.simulator.registryImages !== undefined
      ? { registryImages: config.simulator.registryImages }
      : {}),
    ...(config.simulator.cicdImages !== undefined
      ? { cicdImages: config.simulator.cicdImages }
      : {}),
    ...(config.simulator.faults !== undefined ? { faults: config.simulator.faults } : {}),
    latencyMs: config.simulator.latencyMs,
    rateLimit: config.simulator.rateLimit,
    huaweiCredentials: [keys.huawei],
    alibabaCredentials: [keys.alibaba],
  });
  const instanceId = simulator.estate.acrInstances[0]?.InstanceId ?? 'cri-demo';
  return {
    simulator,
    config: { ...config, accounts: demoAccounts(keys, simulator.url, instanceId) },
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  let db: InventoryDb;
  const location =
    config.databaseUrl !== undefined
      ? {
          databaseUrl: config.databaseUrl,
          // A dropped idle connection: requests answer 503 until the database is back.
          onPoolError: (error: Error) =>
            process.stderr.write(`PostgreSQL connection lost: ${error.message}\n`),
        }
      : { dataDir: config.dataDir };
  try {
    db = await openInventory(location);
  } catch (error) {
    if (error instanceof InventoryOpenError) fail(error.message);
    throw error;
  }
  // READ_POOL_SIZE=0: reads stay on the main connection.
  const readPool =
    config.readPoolSize === 0 ? undefined : openReadPool(location, config.readPoolSize);

  let simulator: RunningSimulator | undefined;
  if (config.mode === 'demo') ({ simulator, config } = await startDemoSimulator(config));

  const { app, sync, enrichment, acr } = await composeServer({ config, db, readPool });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await enrichment.stop();
    await acr.stop();
    await sync.stop();
    await app.close();
    await simulator?.close();
    await readPool?.destroy();
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await sync.stop();
    await simulator?.close();
    await readPool?.destroy();
    await db.destroy();
    const code = (error as { code?: unknown }).code;
    fail(
      code === 'EADDRINUSE'
        ? `PORT: ${config.host}:${config.port} is already in use; set PORT to a free port.`
        : `Could not listen on ${config.host}:${config.port}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  sync.start();
  // ACR mirrored: syncs only while this replica leads the sync (its lease).
  acr.start();
  // BASIC_IMAGE_ENRICH=off leaves it stopped; it asks only while this replica leads the sync.
  enrichment.start();

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const wording = config.mode === 'demo' ? 'demo mode: simulated clouds' : 'live mode';
  const origin = `http://${host}:${port}`;
  // A generated token can be learnt only here; a configured one is never written anywhere.
  process.stdout.write(
    config.dashboardTokenGenerated
      ? `Imagewatch is running (${wording}) at ${origin}/?token=${encodeURIComponent(config.dashboardToken)}\n`
      : `Imagewatch is running (${wording}) at ${origin}/ (sign in once with ${origin}/?token=<DASHBOARD_TOKEN>)\n`,
  );
}

void main().catch((error: unknown) => {
  process.stderr.write(
    `Imagewatch failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
