import { describe, expect, it } from 'vitest';
import { loadSimulatorConfig } from '../simulator/config';
import {
  configErrors,
  expectEveryVariableRefused,
  HUAWEI_KEYS_ENV,
} from '../simulator/test-support/config';
import { loadConfig } from './config';

const errorsOf = (env: NodeJS.ProcessEnv) => configErrors(loadConfig, env);

describe('loadConfig', () => {
  it('runs in demo mode with defaults and a generated token when nothing is set', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('demo');
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.dashboardTokenGenerated).toBe(true);
    expect(config.dashboardToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(config.hssCallBudget).toBe('600/min');
    expect(config.syncIntervalMs).toBe(300_000);
  });

  it('configures a live Huawei account with regional endpoints and the documented budget', () => {
    const config = loadConfig(HUAWEI_KEYS_ENV);
    expect(config.mode).toBe('live');
    expect(config.hssCallBudget).toBe('5/min');
    expect(config.accounts[0]).toMatchObject({
      provider: 'huawei',
      hssEndpoint: 'https://hss.eu-west-101.myhuaweicloud.eu',
      swrEndpoint: 'https://swr-api.eu-west-101.myhuaweicloud.eu',
      enterpriseProjectId: 'all_granted_eps',
    });
  });

  it('lists every bad variable at once, by name', () => {
    expectEveryVariableRefused(loadConfig, {
      PORT: '70000',
      SYNC_INTERVAL_MS: 'soon',
      HSS_CALL_BUDGET: 'fast',
      LOG_LEVEL: 'loud',
    });
  });

  it('requires region and project with the Huawei keys, and instance with the Alibaba keys', () => {
    const messages = errorsOf({
      HUAWEICLOUD_SDK_AK: 'AK',
      HUAWEICLOUD_SDK_SK: 'SK-secret',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'id',
    });
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('HUAWEICLOUD_REGION is required'),
        expect.stringContaining('HUAWEICLOUD_SDK_PROJECT_ID is required'),
        expect.stringContaining('ALIBABA_CLOUD_ACCESS_KEY_SECRET is required'),
        expect.stringContaining('ACR_INSTANCE_ID is required'),
      ]),
    );
    expect(messages.join('\n')).not.toContain('SK-secret');
  });

  it('names the cloud variables set without their keys, and builds the Alibaba account', () => {
    expect(
      errorsOf({ HUAWEICLOUD_SWR_ENDPOINT: 'https://swr.example', ACR_INSTANCE_ID: 'cri-1' }),
    ).toEqual([
      'HUAWEICLOUD_SWR_ENDPOINT is set but HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not',
      'ACR_INSTANCE_ID/ACR_ENDPOINT are set but ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not',
    ]);
    const alibaba = {
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIid',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'ali-secret',
      ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou',
      ACR_INSTANCE_ID: 'cri-1',
    };
    expect(loadConfig(alibaba).accounts).toEqual([
      expect.objectContaining({
        provider: 'alibaba',
        id: 'alibaba',
        name: 'Alibaba Cloud cn-hangzhou',
        credentials: {
          accessKeyId: 'LTAIid',
          accessKeySecret: 'ali-secret',
          regionId: 'cn-hangzhou',
        },
        instanceId: 'cri-1',
      }),
    ]);
  });

  it('takes several ACR instances of one account, comma-separated, and refuses a malformed one', () => {
    const alibaba = {
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIid',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'ali-secret',
      ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou',
    };
    expect(loadConfig({ ...alibaba, ACR_INSTANCE_ID: 'cri-1, cri-2' }).accounts).toEqual([
      expect.objectContaining({ instanceId: 'cri-1', instanceIds: ['cri-1', 'cri-2'] }),
    ]);
    expect(loadConfig({ ...alibaba, ACR_INSTANCE_ID: 'cri-1' }).accounts).toEqual([
      expect.objectContaining({ instanceId: 'cri-1', instanceIds: ['cri-1'] }),
    ]);
    expect(errorsOf({ ...alibaba, ACR_INSTANCE_ID: 'cri-1,crr-2' })).toEqual([
      expect.stringContaining('ACR_INSTANCE_ID'),
    ]);
  });

  it('reports a missing IMAGEWATCH_CONFIG file and accepts a DATABASE_URL for a later start-up check', () => {
    expect(errorsOf({ IMAGEWATCH_CONFIG: '/nonexistent/imagewatch.json' })[0]).toMatch(
      /^IMAGEWATCH_CONFIG/,
    );
    expect(loadConfig({ DATABASE_URL: 'postgres://db/imagewatch' }).databaseUrl).toBe(
      'postgres://db/imagewatch',
    );
    expect(errorsOf({ DATABASE_URL: 'mysql://x' })[0]).toMatch(/^DATABASE_URL/);
  });

  it('keeps notifications off private addresses unless NOTIFY_ALLOW_PRIVATE is true', () => {
    expect(loadConfig({}).notifyAllowPrivate).toBe(false);
    expect(loadConfig({ NOTIFY_ALLOW_PRIVATE: 'true' }).notifyAllowPrivate).toBe(true);
    expect(loadConfig({ NOTIFY_ALLOW_PRIVATE: 'false' }).notifyAllowPrivate).toBe(false);
    expect(errorsOf({ NOTIFY_ALLOW_PRIVATE: 'yes' })).toEqual([
      'NOTIFY_ALLOW_PRIVATE must be true or false',
    ]);
  });
});

describe('the simulator variables, read by the BFF and by `npm run simulator` alike', () => {
  it.each([
    ['SIM_SEED', '4294967295'],
    ['SIM_SEED', '4294967296'],
    ['SIM_REGISTRY_IMAGES', '2000000'],
    ['SIM_REGISTRY_IMAGES', '2000001'],
    ['SIM_CICD_IMAGES', '1500000'],
    ['SIM_LATENCY_MS', '60000'],
    ['SIM_LATENCY_MS', '60001'],
    ['SIM_RATE_LIMIT', '5/1s'],
    ['SIM_RATE_LIMIT', '5 per minute'],
    ['SIM_FAULTS', 'no-total:0.1,bad-member:0.1'],
    ['SIM_FAULTS', '502:0.1'],
    ['SIM_FAULTS', '429:0.7,500:0.7'],
  ])('%s=%s: the same verdict and message from both', (name, value) => {
    const fromBff = errorsOf({ [name]: value });
    expect(fromBff).toEqual(configErrors(loadSimulatorConfig, { [name]: value }));
    expect(fromBff.every((message) => message.startsWith(`${name} `))).toBe(true);
  });
});
