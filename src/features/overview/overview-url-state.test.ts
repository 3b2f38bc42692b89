import { describe, expect, it } from 'vitest';
import { overviewRequests } from './overview-url-state';

describe('overview requests', () => {
  it('defaults to repository images over 30 days', () => {
    expect(overviewRequests({})).toEqual({
      kind: 'registry',
      days: '30',
      summary: { kind: 'registry' },
      history: { kind: 'registry', days: '30' },
    });
  });

  it('passes the page filters, dropping the registry for CI/CD images', () => {
    const requests = overviewRequests({
      kind: 'cicd',
      account: 'a1',
      namespace: 'team',
      registry_name: 'swr',
      days: '365',
    });
    expect(requests.summary).toEqual({ kind: 'cicd', account: 'a1', namespace: 'team' });
    expect(requests.history).toEqual({ kind: 'cicd', days: '365', account: 'a1' });
  });
});
