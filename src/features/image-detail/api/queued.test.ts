import { describe, expect, it } from 'vitest';
import { ListImageBasicImageResponseSchema } from '../../../shared/contracts';
import { queueableSchema, refetchWhileQueued } from './queued';

const schema = queueableSchema(ListImageBasicImageResponseSchema);

describe('queueableSchema', () => {
  it('reads a 202 body as queued, not as an empty answer of the tolerant data schema', () => {
    const result = schema.parse({ status: 'queued', retry_after_ms: 12_000, position: 3 });
    expect(result).toEqual({
      state: 'queued',
      queued: { status: 'queued', retry_after_ms: 12_000, position: 3 },
    });
  });

  it('reads the data as ready', () => {
    const result = schema.parse({
      total_num: 1,
      data_list: [{ os_name: 'Alpine', os_version: '3.19', layer_digest: 'sha256:ab' }],
    });
    expect(result).toEqual({
      state: 'ready',
      data: {
        total_num: 1,
        data_list: [{ os_name: 'Alpine', os_version: '3.19', layer_digest: 'sha256:ab' }],
      },
    });
  });
});

describe('refetchWhileQueued', () => {
  it('asks again after retry_after_ms while queued, with a floor, and stops once ready', () => {
    const queued = (ms: number) =>
      ({ state: 'queued', queued: { status: 'queued', retry_after_ms: ms, position: 0 } }) as const;
    expect(refetchWhileQueued(queued(4_000))).toBe(4_000);
    expect(refetchWhileQueued(queued(0))).toBe(500);
    expect(refetchWhileQueued({ state: 'ready', data: null })).toBe(false);
    expect(refetchWhileQueued(undefined)).toBe(false);
  });
});
