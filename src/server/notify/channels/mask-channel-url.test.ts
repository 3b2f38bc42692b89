import { describe, expect, it } from 'vitest';
import { maskChannelUrl } from './mask-channel-url';

describe('maskChannelUrl', () => {
  it.each([
    [
      'https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123456789abcdef3f9a',
      'https://oapi.dingtalk.com/robot/send?access_token=••••3f9a',
    ],
    [
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa',
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=••••5aaa',
    ],
    [
      'https://open.feishu.cn/open-apis/bot/v2/hook/6f8b1c2e-0d4a-4b7e-9a3c-2e5f7d9b1a0c',
      'https://open.feishu.cn/open-apis/bot/v2/hook/••••1a0c',
    ],
    [
      'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXabcd',
      'https://hooks.slack.com/services/••••abcd',
    ],
    ['https://ci.example.com/hooks/imagewatch', 'https://ci.example.com/hooks/imagewatch'],
    ['https://ci.example.com/hooks/a1b2c3d4e5f6a7b8c9d0', 'https://ci.example.com/hooks/••••c9d0'],
  ])('%s', (url, masked) => {
    expect(maskChannelUrl(url)).toBe(masked);
  });

  it('shows none of a short secret, a user name or a password', () => {
    expect(maskChannelUrl('https://example.com/h?k=abc12')).toBe('https://example.com/h?k=••••');
    const masked = maskChannelUrl('https://user:pass@example.com/hook');
    expect(masked).not.toMatch(/user|pass/);
  });

  it('never echoes what is not a URL', () => {
    expect(maskChannelUrl('access_token=abcdef123456')).toBe('••••');
  });
});
