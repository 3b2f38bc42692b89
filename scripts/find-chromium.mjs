// Where the end-to-end tests find a browser: CHROMIUM_PATH, else Debian's chromium.
import { existsSync } from 'node:fs';

export const INSTALL_COMMAND = 'sudo apt-get install -y chromium';

export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((path) => path && existsSync(path));
}
