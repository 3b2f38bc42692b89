// ACR_CALL_BUDGET: the call budget of the Alibaba ACR APIs, set apart from HSS_CALL_BUDGET
// (Alibaba publishes no per-API limit for ListRepoTag, so the live default is a cautious 60/min;
// in demo mode it is the simulator's allowance), and applied to the `acr.*` budgets only.
import { describe, expect, it } from 'vitest';
import { createClients } from './clients';
import { ConfigError, loadConfig } from './config';

const ALIBABA = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI-test-id',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'alibaba-secret-value',
  ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou',
  ACR_INSTANCE_ID: 'cri-test',
};

describe('ACR_CALL_BUDGET', () => {
  it('defaults to 60/min live and to the simulator allowance in demo mode', () => {
    expect(loadConfig(ALIBABA).acrCallBudget).toBe('60/min');
    expect(loadConfig({}).acrCallBudget).toBe('600/min');
    expect(loadConfig({ SIM_RATE_LIMIT: '5/1s' }).acrCallBudget).toBe('5/1s');
  });

  it('takes a rate like HSS_CALL_BUDGET, and names the variable when it is not one', () => {
    expect(loadConfig({ ...ALIBABA, ACR_CALL_BUDGET: '20/10s' }).acrCallBudget).toBe('20/10s');
    let messages: string[] = [];
    try {
      loadConfig({ ...ALIBABA, ACR_CALL_BUDGET: 'lots' });
    } catch (error) {
      if (error instanceof ConfigError) messages = error.messages;
    }
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^ACR_CALL_BUDGET.*rate such as 5\/min/);
  });

  it('applies to the ACR APIs and leaves the others on HSS_CALL_BUDGET', () => {
    const config = loadConfig({ ...ALIBABA, ACR_CALL_BUDGET: '7/min', HSS_CALL_BUDGET: '5/min' });
    const clients = createClients({
      accounts: config.accounts,
      hssCallBudget: config.hssCallBudget,
      acrCallBudget: config.acrCallBudget,
      logger: { warn: () => undefined },
    });
    const acr = clients.byAccount.get(config.accounts[0]?.id ?? '');
    expect(acr?.provider).toBe('alibaba');
    const credential = acr?.credentialId ?? '';
    for (const api of ['acr.ListRepoTag', 'acr.ListRepository'] as const) {
      expect(clients.budgets.get(credential, api)).toMatchObject({ limit: 7, windowMs: 60_000 });
    }
    expect(clients.budgets.get(credential, 'hss.ListRegistryImages').limit).toBe(5);
  });
});
