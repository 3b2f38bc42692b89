// Stops the server global setup started (its whole process group) and removes its data.
import { rmSync } from 'node:fs';
import { readServerInfo, removeServerInfo } from './server-info';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export default async function globalTeardown(): Promise<void> {
  let info;
  try {
    info = readServerInfo();
  } catch {
    return; // Setup failed before starting anything.
  }
  if (info.pid > 0 && isAlive(info.pid)) {
    process.kill(-info.pid, 'SIGTERM');
    const deadline = Date.now() + 10_000;
    while (isAlive(info.pid) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (isAlive(info.pid)) process.kill(-info.pid, 'SIGKILL');
  }
  rmSync(info.dataDir, { recursive: true, force: true });
  // The file holds the run's access token: do not leave it behind.
  removeServerInfo();
}
