import { describe, expect, it } from 'vitest';
import { groupsFromHeader, resolveAccess, type AccessRule } from './access';
import { inScope } from './principal';

const RULES: AccessRule[] = [
  {
    group: 'sec-auditors',
    role: 'auditor',
    accounts: ['huawei-prod'],
    namespaces: ['prod', 'prod-*'],
  },
  { group: 'team-a', role: 'viewer', namespaces: ['team-a'] },
  { group: 'sec-ops', role: 'operator' },
];

describe('resolveAccess', () => {
  it('refuses a user in no listed group', () => {
    expect(resolveAccess(RULES, ['someone-else'])).toBeUndefined();
    expect(resolveAccess(RULES, [])).toBeUndefined();
  });

  it('takes the highest role and the union of the scopes', () => {
    expect(resolveAccess(RULES, ['team-a', 'sec-auditors'])).toEqual({
      role: 'auditor',
      scope: { accounts: null, namespaces: ['prod', 'prod-*', 'team-a'] },
    });
  });

  it('is unscoped on an axis an entry leaves open', () => {
    expect(resolveAccess(RULES, ['sec-ops', 'team-a'])).toEqual({
      role: 'operator',
      scope: { accounts: null, namespaces: null },
    });
  });
});

describe('inScope', () => {
  const scope = { accounts: ['huawei-prod'], namespaces: ['prod', 'prod-*'] };
  it.each([
    ['huawei-prod', 'prod', true],
    ['huawei-prod', 'prod-eu', true],
    ['huawei-prod', 'production', false],
    ['huawei-test', 'prod', false],
    ['huawei-prod', 'pro.d', false],
  ])('%s / %s → %s', (account, namespace, expected) => {
    expect(inScope(scope, account, namespace)).toBe(expected);
  });
});

describe('groupsFromHeader', () => {
  it('splits, trims and drops empties', () => {
    expect(groupsFromHeader(' a, b,,c ')).toEqual(['a', 'b', 'c']);
    expect(groupsFromHeader(undefined)).toEqual([]);
  });
});
