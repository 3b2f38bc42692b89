import { describe, expect, it } from 'vitest';
import type { WatchRule } from '../../shared/contracts/rules';
import { formFromRule, newRuleForm, ruleBody } from './rule-form-state';

const stored: WatchRule = {
  id: '4',
  name: 'High in prod',
  view_id: null,
  list: 'registry',
  query: 'severity_level=High&namespace=prod',
  event_types: ['appeared', 'severity_changed'],
  channel: {
    type: 'dingtalk',
    url_masked: 'https://oapi.dingtalk.com/robot/***',
    has_secret: true,
  },
  mode: 'digest',
  digest_minutes: 60,
  lang: 'zh-CN',
  created_at: 1,
  updated_at: 1,
};

describe('the rule form', () => {
  it('starts from a saved view when asked to, named after it', () => {
    const form = newRuleForm({ id: '9', name: 'Prod high' });
    expect(ruleBody({ ...form, url: 'https://example.com/hook', secret: 's3' }, false)).toEqual({
      name: 'Prod high',
      view_id: '9',
      event_types: ['appeared', 'severity_changed', 'risk_changed', 'scan_failed'],
      channel: { type: 'webhook', url: 'https://example.com/hook', secret: 's3' },
      mode: 'immediate',
      lang: 'en',
    });
  });

  it('on edit sends neither the URL nor the secret unless the user typed new ones', () => {
    const form = formFromRule(stored);
    expect(form.url).toBe('');
    expect(form.secret).toBe('');
    expect(ruleBody(form, true)).toEqual({
      name: 'High in prod',
      list: 'registry',
      query: 'severity_level=High&namespace=prod',
      event_types: ['appeared', 'severity_changed'],
      channel: { type: 'dingtalk' },
      mode: 'digest',
      digest_minutes: 60,
      lang: 'zh-CN',
    });
    expect(ruleBody({ ...form, secret: 'new' }, true).channel).toEqual({
      type: 'dingtalk',
      secret: 'new',
    });
  });

  it('sends a list’s filters without a leading ?, and no minutes in immediate mode', () => {
    const form = { ...formFromRule(stored), query: '?namespace=prod', mode: 'immediate' as const };
    const body = ruleBody(form, true);
    expect(body.query).toBe('namespace=prod');
    expect(body.digest_minutes).toBeUndefined();
  });

  it('sends no secret for a channel that signs nothing (Slack, WeCom)', () => {
    const form = { ...newRuleForm(undefined), channelType: 'slack' as const, secret: 'left over' };
    expect(
      ruleBody({ ...form, name: 'x', url: 'https://hooks.slack.com/x' }, false).channel,
    ).toEqual({ type: 'slack', url: 'https://hooks.slack.com/x' });
  });
});
