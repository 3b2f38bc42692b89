// Where the tests find PostgreSQL: TEST_DATABASE_URL (an external server), else the newest
// Debian install's bin directory. The one home of this lookup: `npm test` checks it before
// anything slow and the test PostgreSQL (src/server/test-support/test-postgres.ts) starts from it.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const POSTGRES_INSTALL_COMMAND = 'sudo apt-get install -y postgresql';
export const POSTGRES_SEARCH_ROOTS = ['/usr/lib/postgresql'];

/** The newest `<root>/<version>/bin` holding initdb, or undefined when none is installed. */
export function findPostgresBinDir(searchRoots = POSTGRES_SEARCH_ROOTS) {
  const found = searchRoots.flatMap((root) =>
    existsSync(root)
      ? readdirSync(root)
          .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
          .map((version) => ({ version: Number(version), bin: join(root, version, 'bin') }))
      : [],
  );
  found.sort((a, b) => b.version - a.version);
  return found[0]?.bin;
}

/** Why the PostgreSQL tests cannot run, naming the install command; undefined when they can. */
export function postgresMissingMessage(
  searchRoots = POSTGRES_SEARCH_ROOTS,
  databaseUrl = process.env.TEST_DATABASE_URL,
) {
  if (databaseUrl || findPostgresBinDir(searchRoots) !== undefined) return undefined;
  const searched = searchRoots.map((root) => `${root}/*/bin/initdb`).join(', ') || 'nowhere';
  return (
    `No PostgreSQL found for the database tests (no TEST_DATABASE_URL; searched ${searched}). ` +
    `Install it with:\n\n  ${POSTGRES_INSTALL_COMMAND}\n`
  );
}
