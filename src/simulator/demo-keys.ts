// Demo keys, documented and printed on purpose: they only open the local simulator (demo mode).
export const DEMO_HUAWEI: { ak: string; sk: string; projectId: string; region: string } = {
  ak: 'SIMDEMOAK0000000000000',
  sk: 'simDemoSecretKey0000000000000000000000000',
  projectId: '0123456789abcdef0123456789abcdef',
  region: 'cn-north-4',
};

export const DEMO_ALIBABA: { accessKeyId: string; accessKeySecret: string } = {
  accessKeyId: 'LTAISimDemoKeyId',
  accessKeySecret: 'simDemoAccessKeySecret000000000',
};
