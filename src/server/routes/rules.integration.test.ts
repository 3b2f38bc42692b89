// Watch rules over HTTP: created, listed, read, changed and deleted; answers mask the channel
// (never its token or secret, nor do the logs); PUT keeps the stored URL and secret when the
// body omits them; bad bodies are a 400 naming the field (unknown view, a query its list
// refuses, a URL that is not https or names a private address); an unknown rule is a 404.
import { describe, expect, it } from 'vitest';
import type { WatchRule } from '../../shared/contracts';
import { maskChannelUrl } from '../notify/channels';
import { getStoredRule } from '../notify/rule-store';
import { apiCalls } from '../test-support/api-calls';

const api = apiCalls();

const TOKEN = 'T0KEN-in-the-path-9f8e7d';
const SECRET = 'signing-secret-4b3a2c1d';

/** A call whose answer must never carry the channel's token or secret. */
async function call(method: string, path: string, body?: unknown) {
  const answer = await api.call(method, path, body);
  expect(answer.text).not.toContain(TOKEN);
  expect(answer.text).not.toContain(SECRET);
  return answer;
}

// A public address literal (TEST-NET-3): no name to resolve, not a private one.
const rule = {
  name: 'New high-risk images',
  list: 'registry',
  query: 'severity_level=High&namespace=prod',
  event_types: ['appeared', 'severity_changed'],
  channel: { type: 'webhook', url: `https://203.0.113.10/hooks/${TOKEN}`, secret: SECRET },
  mode: 'immediate',
};

describe('watch rules', () => {
  it('are created, listed, read, changed and deleted, the channel always masked', async () => {
    const created = await call('POST', '/api/rules', rule);
    expect(created.status).toBe(201);
    const answer = created.body as unknown as WatchRule;
    expect(answer).toMatchObject({
      id: expect.any(String),
      name: rule.name,
      view_id: null,
      list: 'registry',
      query: rule.query,
      event_types: rule.event_types,
      channel: { type: 'webhook', url_masked: maskChannelUrl(rule.channel.url), has_secret: true },
      mode: 'immediate',
      digest_minutes: null,
      lang: 'en',
    });
    const listed = await call('GET', '/api/rules');
    expect((listed.body.data_list as WatchRule[]).map((one) => one.id)).toContain(answer.id);
    expect((await call('GET', `/api/rules/${answer.id}`)).body).toEqual(answer);

    // The browser has only the masked URL: PUT without url and secret keeps both.
    const { channel: _channel, ...fields } = rule;
    const renamed = await call('PUT', `/api/rules/${answer.id}`, {
      ...fields,
      name: 'Renamed',
      mode: 'digest',
      digest_minutes: 60,
      lang: 'zh-CN',
      channel: { type: 'webhook' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Renamed', mode: 'digest', digest_minutes: 60 });
    expect((await getStoredRule(api.harness().db, answer.id))?.channel).toEqual(rule.channel);

    // A new URL without a secret keeps the stored secret.
    const moved = await call('PUT', `/api/rules/${answer.id}`, {
      ...rule,
      channel: { type: 'webhook', url: `https://203.0.113.11/other/${TOKEN}` },
    });
    expect(moved.status).toBe(200);
    expect((await getStoredRule(api.harness().db, answer.id))?.channel).toEqual({
      type: 'webhook',
      url: `https://203.0.113.11/other/${TOKEN}`,
      secret: SECRET,
    });

    expect((await call('DELETE', `/api/rules/${answer.id}`)).status).toBe(204);
    expect((await call('GET', `/api/rules/${answer.id}`)).status).toBe(404);
    for (const line of api.harness().logLines) {
      expect(line).not.toContain(TOKEN);
      expect(line).not.toContain(SECRET);
    }
  });

  it('follow a saved view, which must exist', async () => {
    const view = await call('POST', '/api/views', {
      name: 'Prod',
      list: 'cicd',
      query: 'namespace=prod',
    });
    const { list: _list, query: _query, ...rest } = rule;
    const created = await call('POST', '/api/rules', { ...rest, view_id: view.body.id });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ view_id: view.body.id, list: null, query: null });
    const unknown = await call('POST', '/api/rules', { ...rest, view_id: '987654' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ field: 'view_id' });
  });

  it.each([
    ['name', { name: '' }],
    ['event_types', { event_types: [] }],
    ['event_types.1', { event_types: ['appeared', 'exploded'] }],
    ['list', { list: undefined }],
    ['list', { list: 'acr' }],
    ['query', { query: 'severity_level=Extreme' }],
    ['query', { query: 'no_such_filter=1' }],
    ['channel.type', { channel: { ...rule.channel, type: 'email' } }],
    ['channel.url', { channel: { ...rule.channel, url: 'not a url' } }],
    ['channel.url', { channel: { ...rule.channel, url: 'http://203.0.113.10/hook' } }],
    ['channel.url', { channel: { ...rule.channel, url: 'https://127.0.0.1:9/hook' } }],
    ['channel.url', { channel: { ...rule.channel, url: 'https://10.1.2.3/hook' } }],
    ['channel.url', { channel: { ...rule.channel, url: 'https://169.254.169.254/latest' } }],
    ['channel.url', { channel: { ...rule.channel, url: 'https://localhost/hook' } }],
    ['channel.url', { channel: { type: 'webhook' } }],
    ['channel.extra', { channel: { ...rule.channel, extra: 1 } }],
    ['mode', { mode: 'hourly' }],
    ['digest_minutes', { mode: 'digest' }],
    ['digest_minutes', { mode: 'digest', digest_minutes: 2 }],
    ['digest_minutes', { mode: 'immediate', digest_minutes: 60 }],
    ['lang', { lang: 'fr' }],
    ['list', { view_id: '1' }],
    ['owner', { owner: 'me' }],
  ])('refuse a body with a bad %s', async (field, change) => {
    const bad = await call('POST', '/api/rules', { ...rule, ...change });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_parameter', field });
  });

  it('answer 404 for an unknown rule and 400 for a bad id', async () => {
    for (const [method, path] of [
      ['GET', '/api/rules/424242'],
      ['PUT', '/api/rules/424242'],
      ['DELETE', '/api/rules/424242'],
      ['POST', '/api/rules/424242/test'],
      ['GET', '/api/rules/424242/deliveries'],
    ] as const) {
      const answer = await call(method, path, method === 'PUT' ? rule : undefined);
      expect(answer.status, `${method} ${path}`).toBe(404);
    }
    const bad = await call('GET', '/api/rules/abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ field: 'id' });
    const badLimit = await call('GET', '/api/rules/424242/deliveries?limit=0');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error).toMatchObject({ field: 'limit' });
    const unknownParameter = await call('GET', '/api/rules?owner=me');
    expect(unknownParameter.status).toBe(400);
    expect(unknownParameter.body.error).toMatchObject({ field: 'owner' });
  });
});
