// A batch's message in each language: the title counts the events, a line per event up to the
// cap then "and N more", the link is the Changes page filtered to the batch and the rule's filters.
import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../shared/contracts';
import { MESSAGE_MAX_LINES, batchMessage, changesLink, testMessage } from './rule-message';

function event(id: number, type: ChangeEvent['event_type']): ChangeEvent {
  return {
    id,
    at: 1_000 + id,
    list: 'registry',
    event_type: type,
    image: {
      id: `img-${id}`,
      image_id: `sha-${id}`,
      namespace: 'prod',
      image_name: 'nginx',
      image_version: `1.${id}`,
      image_digest: `sha256:${id}`,
    },
    before: null,
    after: null,
  };
}

const events = Array.from({ length: 13 }, (_, index) =>
  event(index + 1, index % 2 === 0 ? 'appeared' : 'severity_changed'),
);

describe('batchMessage', () => {
  it('writes English: count, a line per event up to the cap, then how many more', () => {
    const message = batchMessage({
      rule: { id: '7', name: 'Prod', lang: 'en' },
      list: 'registry',
      events,
      eventCount: 13,
      link: 'https://iw.example.com/changes?list=registry',
      idempotencyKey: 'rule-7-registry-1-13',
    });
    expect(message.title).toBe('13 changes in Repository images (rule “Prod”)');
    expect(message.lines).toHaveLength(MESSAGE_MAX_LINES + 1);
    expect(message.lines[0]).toBe('New image: prod/nginx:1.1');
    expect(message.lines[1]).toBe('Risk level changed: prod/nginx:1.2');
    expect(message.lines.at(-1)).toBe('and 3 more');
    expect(message).toMatchObject({
      linkText: 'Open in Imagewatch',
      idempotencyKey: 'rule-7-registry-1-13',
      eventCount: 13,
      language: 'en',
    });
  });

  it('writes Chinese with the glossary terms', () => {
    const message = batchMessage({
      rule: { id: '7', name: '生产', lang: 'zh-CN' },
      list: 'cicd',
      events: events.slice(0, 1),
      eventCount: 1,
      link: 'https://iw.example.com/changes?list=cicd',
      idempotencyKey: 'k',
    });
    expect(message.title).toBe('CI/CD镜像中有 1 条变更（监控规则“生产”）');
    expect(message.lines).toEqual(['新增镜像：prod/nginx:1.1']);
    expect(message.linkText).toBe('在 Imagewatch 中查看');
    expect(message.language).toBe('zh-CN');
    expect(testMessage({ name: '生产', lang: 'zh-CN' }, 'l', 'k').title).toBe(
      '来自监控规则“生产”的测试消息',
    );
  });
});

describe('changesLink', () => {
  it("filters the Changes page to the batch's list, types and time, plus the rule's filters", () => {
    const link = changesLink('https://iw.example.com', {
      list: 'registry',
      eventTypes: ['appeared', 'removed'],
      since: 100,
      until: 201,
      filters: { namespace: 'prod', severity_level: 'High', list: 'cicd' },
    });
    const url = new URL(link);
    expect(url.origin + url.pathname).toBe('https://iw.example.com/changes');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      list: 'registry',
      event_type: 'appeared,removed',
      since: '100',
      until: '201',
      namespace: 'prod',
      severity_level: 'High',
    });
  });
});
