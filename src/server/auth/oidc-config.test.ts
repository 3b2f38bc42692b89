import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configErrors } from '../../simulator/test-support/config';
import { loadConfig } from '../config';

function rolesFile(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'imagewatch-oidc-')), 'config.json');
  writeFileSync(file, JSON.stringify({ access: { roles: [{ group: 'sec', role: 'viewer' }] } }));
  return file;
}

const OIDC = {
  OIDC_ISSUER: 'https://idp.example.com/realms/main',
  OIDC_CLIENT_ID: 'imagewatch',
  OIDC_CLIENT_SECRET: 'client-secret-value',
  OIDC_REDIRECT_URI: 'https://imagewatch.example.com/auth/callback',
};

describe('single sign-on configuration (OIDC_*)', () => {
  it('reads the provider, the client and the groups claim (default groups)', () => {
    const config = loadConfig({ ...OIDC, IMAGEWATCH_CONFIG: rolesFile() });
    expect(config.oidc).toEqual({
      issuer: OIDC.OIDC_ISSUER,
      clientId: 'imagewatch',
      clientSecret: 'client-secret-value',
      redirectUri: OIDC.OIDC_REDIRECT_URI,
      groupsClaim: 'groups',
    });
    expect(loadConfig({}).oidc).toBeUndefined();
    const custom = loadConfig({
      ...OIDC,
      IMAGEWATCH_CONFIG: rolesFile(),
      OIDC_GROUPS_CLAIM: 'roles',
    });
    expect(custom.oidc?.groupsClaim).toBe('roles');
  });

  it('names what is missing or wrong', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ OIDC_ISSUER: OIDC.OIDC_ISSUER }, /OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI/],
      [{ ...OIDC }, /OIDC_ISSUER needs access\.roles/],
      [{ ...OIDC, OIDC_ISSUER: 'idp' }, /^OIDC_ISSUER must be an http\(s\) URL/],
      [{ ...OIDC, OIDC_ISSUER: 'http://idp.example.com' }, /OIDC_ISSUER must use https/],
      [{ OIDC_GROUPS_CLAIM: 'roles' }, /OIDC_GROUPS_CLAIM needs OIDC_ISSUER/],
      [
        {
          ...OIDC,
          AUTH_PROXY_HEADER: 'X-User',
          TRUST_PROXY: '127.0.0.1',
        },
        /either single sign-on \(OIDC_\*\) or AUTH_PROXY_HEADER/,
      ],
    ];
    for (const [env, message] of cases) {
      const errors = configErrors(loadConfig, env).join('\n');
      expect(errors, JSON.stringify(env)).toMatch(message);
    }
    // A provider on loopback may speak plain http (tests, a provider on the same host).
    const local = { ...OIDC, OIDC_ISSUER: 'http://127.0.0.1:4000', IMAGEWATCH_CONFIG: rolesFile() };
    expect(loadConfig(local).oidc?.issuer).toBe('http://127.0.0.1:4000');
  });
});
