import { describe, expect, it } from 'vitest';
import type { Account } from '../shared/contracts';
import { accountLabel } from './account-label';

const account = (overrides: Partial<Account>): Account => ({
  id: 'a',
  provider: 'huawei',
  region: 'cn-north-4',
  name: 'prod',
  mode: 'live',
  ...overrides,
});

describe('accountLabel', () => {
  it('names the account, its provider and region', () => {
    expect(accountLabel(account({}))).toBe('prod · Huawei Cloud · cn-north-4');
    expect(accountLabel(account({ provider: 'alibaba', region: 'cn-hangzhou', name: 'acr' }))).toBe(
      'acr · Alibaba Cloud · cn-hangzhou',
    );
  });
  it('does not repeat a provider the name already states', () => {
    expect(accountLabel(account({ name: 'Demo Huawei Cloud (simulated)' }))).toBe(
      'Demo Huawei Cloud (simulated) · cn-north-4',
    );
  });
});
