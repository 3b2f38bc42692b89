import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configErrors } from '../../simulator/test-support/config';
import { loadConfig } from '../config';

function configFile(content: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'imagewatch-access-')), 'config.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('access roles in the configuration file', () => {
  it('reads group → role and scope, with or without accounts in the file', () => {
    const roles = [
      { group: 'sec-auditors', role: 'auditor', accounts: ['huawei-prod'], namespaces: ['prod-*'] },
      { group: 'sec-ops', role: 'operator' },
    ];
    const config = loadConfig({
      IMAGEWATCH_CONFIG: configFile({ access: { roles } }),
      AUTH_PROXY_HEADER: 'X-Forwarded-User',
      AUTH_PROXY_GROUPS_HEADER: 'X-Forwarded-Groups',
      TRUST_PROXY: '127.0.0.1',
    });
    expect(config.accessRules).toEqual(roles);
    expect(config.authProxyGroupsHeader).toBe('x-forwarded-groups');
    expect(config.mode).toBe('demo');
  });

  it('names the key and what is wrong', () => {
    const errors = configErrors(loadConfig, {
      IMAGEWATCH_CONFIG: configFile({
        access: { roles: [{ group: 'g', role: 'root', namespaces: [] }] },
      }),
    });
    expect(errors.join('\n')).toMatch(/access\.roles\[0\]\.role must be one of viewer, auditor/);
    expect(errors.join('\n')).toMatch(/access\.roles\[0\]\.namespaces must list at least one name/);
  });

  it('refuses a groups header without the user header', () => {
    expect(
      configErrors(loadConfig, { AUTH_PROXY_GROUPS_HEADER: 'X-Forwarded-Groups' }).join('\n'),
    ).toMatch(/AUTH_PROXY_GROUPS_HEADER needs AUTH_PROXY_HEADER/);
  });
});
