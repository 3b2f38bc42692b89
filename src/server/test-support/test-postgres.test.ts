// The database tests require PostgreSQL as the end-to-end tests require Chromium: without it they
// stop with the one command that installs it, never pass by being skipped.
import { describe, expect, it } from 'vitest';
import {
  POSTGRES_INSTALL_COMMAND,
  postgresMissingMessage,
} from '../../../scripts/find-postgres.mjs';
import { startTestPostgres } from './test-postgres';

describe('the PostgreSQL requirement', () => {
  it('names the install command when nothing is found on the search path', () => {
    expect(POSTGRES_INSTALL_COMMAND).toBe('sudo apt-get install -y postgresql');
    expect(postgresMissingMessage([], '')).toContain(POSTGRES_INSTALL_COMMAND);
    expect(postgresMissingMessage(['/nonexistent/postgresql'], '')).toContain(
      POSTGRES_INSTALL_COMMAND,
    );
  });

  it('is met by an external server', () => {
    expect(postgresMissingMessage([], 'postgres://127.0.0.1:1/x')).toBeUndefined();
  });

  it('makes the test cluster fail to start, with the message, when the binaries are missing', async () => {
    const external = process.env.TEST_DATABASE_URL;
    delete process.env.TEST_DATABASE_URL;
    try {
      await expect(startTestPostgres([])).rejects.toThrow(POSTGRES_INSTALL_COMMAND);
    } finally {
      if (external !== undefined) process.env.TEST_DATABASE_URL = external;
    }
  });
});
