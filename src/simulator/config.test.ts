import { describe, expect, it } from 'vitest';
import { loadSimulatorConfig } from './config';
import { DEMO_ALIBABA, DEMO_HUAWEI } from './demo-keys';
import { DEFAULT_SIM_SEED } from './server';
import { configErrors, expectEveryVariableRefused, HUAWEI_KEYS_ENV } from './test-support/config';

describe('loadSimulatorConfig', () => {
  it('starts with the documented defaults and the demo keys when nothing is set', () => {
    expect(loadSimulatorConfig({})).toEqual({
      host: '127.0.0.1',
      port: 9090,
      seed: DEFAULT_SIM_SEED,
      registryImages: 20_000,
      cicdImages: 2_000,
      latencyMs: 0,
      rateLimit: '600/min',
      faults: '',
      huawei: DEMO_HUAWEI,
      alibaba: DEMO_ALIBABA,
      log: false,
    });
  });

  it('reads every variable it is given', () => {
    const config = loadSimulatorConfig({
      SIM_HOST: '0.0.0.0',
      SIM_PORT: '0',
      SIM_SEED: '4294967295',
      SIM_REGISTRY_IMAGES: '2000000',
      SIM_CICD_IMAGES: '0',
      SIM_LATENCY_MS: '60000',
      SIM_RATE_LIMIT: '5/1s',
      SIM_FAULTS: '429:0.1,no-total:0.05',
      SIM_LOG: '1',
      ...HUAWEI_KEYS_ENV,
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'id',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      seed: 4_294_967_295,
      registryImages: 2_000_000,
      cicdImages: 0,
      latencyMs: 60_000,
      rateLimit: '5/1s',
      faults: '429:0.1,no-total:0.05',
      log: true,
      huawei: { ak: 'AK123', sk: 'secret-key-value', projectId: 'abc123', region: 'eu-west-101' },
      alibaba: { accessKeyId: 'id', accessKeySecret: 'secret' },
    });
  });

  it('lists every bad variable at once, by name', () => {
    const messages = expectEveryVariableRefused(loadSimulatorConfig, {
      SIM_PORT: '70000',
      SIM_SEED: '-1',
      SIM_REGISTRY_IMAGES: '2000001',
      SIM_LATENCY_MS: 'soon',
      SIM_RATE_LIMIT: 'fast',
      SIM_FAULTS: '502:0.1',
    });
    expect(messages).toContain('SIM_REGISTRY_IMAGES must be an integer from 0 to 2000000');
  });

  it('requires the key pairs together, and project and region with the Huawei keys, never echoing a secret', () => {
    const messages = configErrors(loadSimulatorConfig, {
      HUAWEICLOUD_SDK_SK: 'SK-secret-value',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'ali-secret-value',
    });
    expect(messages).toEqual(
      expect.arrayContaining([
        'HUAWEICLOUD_SDK_AK is required when Huawei Cloud keys are set',
        'HUAWEICLOUD_REGION is required when Huawei Cloud keys are set',
        'HUAWEICLOUD_SDK_PROJECT_ID is required when Huawei Cloud keys are set',
        'ALIBABA_CLOUD_ACCESS_KEY_ID is required when Alibaba Cloud keys are set',
      ]),
    );
    expect(messages.join('\n')).not.toMatch(/secret-value/);
  });
});
