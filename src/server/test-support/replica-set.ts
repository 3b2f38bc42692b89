// Tests only: BFF replicas (src/server/main.ts processes) on one throwaway PostgreSQL database and
// one simulator, as behind a load balancer. Call at a test file's top level: the database and the
// simulator start before the file's tests; every replica is stopped, and both closed, after them.
import { afterAll, beforeAll } from 'vitest';
import type { RunningSimulator } from '../../simulator';
import { generateDemoKeys, type DemoKeys } from '../config';
import { huaweiEnv, startBff, startSimulatorFor, type StartedBff } from './bff-process';
import { testPostgres } from './test-backends';

export interface ReplicaSet {
  /** The clouds' keys the simulator accepts and the replicas sign with. */
  readonly keys: DemoKeys;
  /** The shared database's URL (once the file's beforeAll has run). */
  databaseUrl(): string;
  simulator(): RunningSimulator;
  /** Starts a replica with the dashboard token, the database and the simulator, plus `env`. */
  start(env?: Record<string, string>): Promise<StartedBff>;
}

export function useReplicaSet(options: {
  token: string;
  estate: Parameters<typeof startSimulatorFor>[1];
  /** How the replicas still running are stopped after the tests. */
  stopSignal: NodeJS.Signals;
}): ReplicaSet {
  const keys = generateDemoKeys();
  // The run's cluster; its database is dropped after the file, once the replicas are stopped.
  const postgres = testPostgres();
  let databaseUrl: string | undefined;
  let simulator: RunningSimulator | undefined;
  const replicas: StartedBff[] = [];

  beforeAll(async () => {
    databaseUrl = await (await postgres).createDatabase();
    simulator = await startSimulatorFor(keys, options.estate);
  }, 60_000);

  afterAll(async () => {
    for (const replica of replicas) {
      replica.child.kill(options.stopSignal);
      await replica.exited;
    }
    await simulator?.close();
  });

  function started<T>(value: T | undefined, what: string): T {
    if (value === undefined) throw new Error(`${what} has not started (beforeAll)`);
    return value;
  }

  return {
    keys,
    databaseUrl: () => started(databaseUrl, 'the database'),
    simulator: () => started(simulator, 'the simulator'),
    async start(env = {}) {
      const replica = await startBff({
        DASHBOARD_TOKEN: options.token,
        DATABASE_URL: started(databaseUrl, 'the database'),
        ...huaweiEnv(keys, started(simulator, 'the simulator').url),
        ...env,
      });
      replicas.push(replica);
      return replica;
    },
  };
}
