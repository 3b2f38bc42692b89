// Where global setup leaves the running server's address for the tests and the teardown.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ServerInfo {
  /** The start-up URL with its token, as printed by the server. */
  startUrl: string;
  origin: string;
  pid: number;
  dataDir: string;
  registryImages: number;
  cicdImages: number;
}

export const ARTIFACTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '.artifacts');
const INFO_FILE = join(ARTIFACTS_DIR, 'server.json');
/**
 * The browser state of one sign-in with the start-up URL (its session cookie), made once by
 * global setup: every test's context starts signed in (playwright.config.ts `storageState`), so no
 * test spends a page load on signing in. A test of signing in itself starts from an empty state.
 */
export const STORAGE_STATE_FILE = join(ARTIFACTS_DIR, 'storage-state.json');

export function writeServerInfo(info: ServerInfo): void {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  writeFileSync(INFO_FILE, JSON.stringify(info, null, 2));
}

export function readServerInfo(): ServerInfo {
  return JSON.parse(readFileSync(INFO_FILE, 'utf8')) as ServerInfo;
}

export function removeServerInfo(): void {
  rmSync(INFO_FILE, { force: true });
  // It holds a session cookie of the run: do not leave it behind either.
  rmSync(STORAGE_STATE_FILE, { force: true });
}
