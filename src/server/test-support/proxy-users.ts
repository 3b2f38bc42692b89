// A BFF whose users come from a trusted proxy's headers, their roles from a configuration file's
// groups: the environment to start it with, and the headers the proxy sends for each user.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const USER_HEADER = 'X-Forwarded-User';
const GROUPS_HEADER = 'X-Forwarded-Groups';

interface GroupRole {
  group: string;
  role: 'admin' | 'operator' | 'auditor' | 'viewer';
  namespaces?: readonly string[];
}

/** A user the proxy signs in, a member of `group`, which has `role` (in `namespaces`). */
interface ProxyUser extends GroupRole {
  user: string;
}

/**
 * Each user's headers as the proxy sends them, and the environment for `startTestBff` that trusts
 * the proxy and gives each user's group its role: a user and its group are named once.
 */
export function proxyUsers<Who extends string>(
  users: Record<Who, ProxyUser>,
): { headers: Record<Who, Record<string, string>>; env: Record<string, string> } {
  const entries = Object.entries<ProxyUser>(users);
  return {
    headers: Object.fromEntries(
      entries.map(([who, { user, group }]) => [who, proxyUser(user, group)]),
    ) as Record<Who, Record<string, string>>,
    env: proxyUsersEnv(entries.map(([, { user: _user, ...role }]) => role)),
  };
}

/** The environment for `startTestBff`: proxy headers trusted from loopback, `roles` configured. */
function proxyUsersEnv(roles: readonly GroupRole[]): Record<string, string> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'imagewatch-roles-')), 'config.json');
  writeFileSync(file, JSON.stringify({ access: { roles } }));
  return {
    IMAGEWATCH_CONFIG: file,
    AUTH_PROXY_HEADER: USER_HEADER,
    AUTH_PROXY_GROUPS_HEADER: GROUPS_HEADER,
    TRUST_PROXY: '127.0.0.1',
    LOG_LEVEL: 'silent',
  };
}

/** What the proxy sends for `user`, a member of `group`. */
function proxyUser(user: string, group: string): Record<string, string> {
  // The browser's same-origin mark, which a change (POST, PUT, DELETE) needs to pass CSRF checks.
  return { [USER_HEADER]: user, [GROUPS_HEADER]: group, 'sec-fetch-site': 'same-origin' };
}
