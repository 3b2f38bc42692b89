// Vitest global set-up: one PostgreSQL cluster for the whole run (the projects that set it up share
// it), with the migrated template the files copy, instead of an initdb + pg_ctl start + migrations
// per test file (about 2 s each, for some 35 files). Without PostgreSQL the run still starts: the
// PostgreSQL cases fail with the message that says how to install it (test-backends.ts), the
// others pass.
import type { TestProject } from 'vitest/node';
import { startSharedPostgres, type SharedPostgres } from './test-postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's cluster, or why it did not start. */
    sharedPostgres: SharedPostgres | { failure: string };
  }
}

/** The cluster of the run, started by the first project that asks; closed after the last. */
let cluster: Promise<{ shared: SharedPostgres; close: () => Promise<void> }> | undefined;
let users = 0;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    cluster ??= startSharedPostgres();
    const { shared, close } = await cluster;
    users += 1;
    project.provide('sharedPostgres', shared);
    return async () => {
      users -= 1;
      if (users === 0) await close();
    };
  } catch (error) {
    project.provide('sharedPostgres', {
      failure: error instanceof Error ? error.message : String(error),
    });
    return () => Promise.resolve();
  }
}
