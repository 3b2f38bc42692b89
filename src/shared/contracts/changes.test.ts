import { describe, expect, it } from 'vitest';
import { CicdChangesQuerySchema, RegistryChangesQuerySchema } from './changes';

const issuesOf = (result: { success: boolean; error?: { issues: unknown[] } }) =>
  result.success ? [] : (result.error?.issues ?? []);

describe('the change feed queries', () => {
  it('take the list’s filters and the feed’s own parameters; registry is the default list', () => {
    expect(
      RegistryChangesQuerySchema.parse({ image_name: 'redis', since: '5', until: '9' }),
    ).toEqual({ image_name: 'redis', since: 5, until: 9 });
    expect(CicdChangesQuerySchema.parse({ list: 'cicd', limit: '20' })).toEqual({
      list: 'cicd',
      limit: 20,
    });
  });

  it('refuse the other list, a list’s paging and sort, and an unknown parameter', () => {
    expect(issuesOf(CicdChangesQuerySchema.safeParse({ list: 'registry' }))).toMatchObject([
      { path: ['list'], message: 'must be registry or cicd' },
    ]);
    expect(CicdChangesQuerySchema.safeParse({}).success).toBe(false);
    for (const name of ['sort_key', 'sort_dir', 'bogus'])
      expect(RegistryChangesQuerySchema.safeParse({ [name]: 'x' }).success).toBe(false);
  });

  it('check since before until and each of the list’s own time ranges', () => {
    expect(
      issuesOf(RegistryChangesQuerySchema.safeParse({ since: '9', until: '9' })),
    ).toMatchObject([{ path: ['until'], message: 'must be after since' }]);
    expect(
      issuesOf(
        RegistryChangesQuerySchema.safeParse({
          start_latest_sync_time: '9',
          end_latest_sync_time: '5',
        }),
      ),
    ).toMatchObject([{ path: ['start_latest_sync_time'] }]);
    expect(
      issuesOf(
        CicdChangesQuerySchema.safeParse({
          list: 'cicd',
          start_latest_scan_time: '9',
          end_latest_scan_time: '5',
        }),
      ),
    ).toMatchObject([{ path: ['start_latest_scan_time'] }]);
  });
});
