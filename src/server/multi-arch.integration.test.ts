// Multi-architecture families over HTTP (simulator → sync → inventory → BFF): a parent (manifest
// list, never scanned itself) answers its members' risk rolled up, and each member names its
// parent, in the list, the by-id answer and the CSV export (SQLite and PostgreSQL).
import { describe, expect, it } from 'vitest';
import { API_ROUTES, fillPath, RegistryImagesPageSchema } from '../shared/contracts';
import { decodeCsv } from '../shared/csv';
import { inventoryBackends } from './test-support/test-backends';
import { useTestBff } from './test-support/hooks';

const TOKEN = 'multi-arch-test-dashboard-token-0123456789';
const RANK: Record<string, number> = { High: 4, Medium: 3, Low: 2, Security: 1, '': 0 };

describe.each(inventoryBackends())('multi-architecture roll-up on $name', (backend) => {
  const bff = useTestBff(
    { seed: 17, registryImages: 400, cicdImages: 20, rateLimit: '600/min' },
    { DASHBOARD_TOKEN: TOKEN, HSS_CALL_BUDGET: '600/min', LOG_LEVEL: 'warn' },
    { openDb: backend.open, firstSync: true },
  );

  async function call(path: string): Promise<{ status: number; json: unknown }> {
    const response = await fetch(`${bff.url}${path}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    return { status: response.status, json: await response.json() };
  }

  async function page(query: string) {
    const response = await call(`${API_ROUTES.registryImages}?${query}`);
    expect(response.status).toBe(200);
    return RegistryImagesPageSchema.parse(response.json);
  }

  it('rolls members up to their parent and names the parent on each member', async () => {
    const parents = (await page('is_multarch=true&limit=200')).data_list;
    expect(parents.length).toBeGreaterThan(0);
    let sawFindings = false;
    for (const parent of parents) {
      // The parent itself carries no scan: the roll-up is what tells its risk.
      expect(parent.scan_status).toBe('unscan');
      expect(parent.multi_arch?.role).toBe('parent');
      const members = await Promise.all(
        parent.association_images.map(async (entry) => {
          const response = await call(fillPath(API_ROUTES.registryImage, { id: entry.id }));
          expect(response.status).toBe(200);
          return RegistryImagesPageSchema.shape.data_list.element.parse(response.json);
        }),
      );
      const worst = members.reduce(
        (found, member) =>
          (RANK[member.severity_level] ?? 0) > (RANK[found] ?? 0) ? member.severity_level : found,
        '',
      );
      const sum = (field: 'vul_num' | 'malicious_file_num' | 'unsafe_setting_num') =>
        members.reduce((total, member) => total + member[field], 0);
      expect(parent.multi_arch).toEqual({
        role: 'parent',
        rollup: {
          severity_level: worst,
          vul_num: sum('vul_num'),
          unsafe_setting_num: sum('unsafe_setting_num'),
          malicious_file_num: sum('malicious_file_num'),
          members: members.length,
          members_scanned: members.filter((member) => member.scan_status === 'success').length,
        },
      });
      if (sum('vul_num') > 0) sawFindings = true;
      for (const member of members) {
        expect(member.multi_arch).toEqual({
          role: 'member',
          parent_id: parent.id,
          parent_digest: parent.image_digest,
        });
        expect(member.image_digest).not.toBe(parent.image_digest);
      }
    }
    expect(sawFindings).toBe(true);

    // In the list too: a member row on a page names its parent.
    const firstMemberId = parents[0]?.association_images[0]?.id ?? '';
    const all = (await page('is_multarch=false&limit=200&sort_key=id')).data_list;
    const more = (await page('is_multarch=false&limit=200&offset=200&sort_key=id')).data_list;
    const member = [...all, ...more].find((row) => row.id === firstMemberId);
    expect(member?.multi_arch).toMatchObject({ role: 'member', parent_id: parents[0]?.id });
    // A plain image has no family.
    expect([...all, ...more].some((row) => row.multi_arch === null)).toBe(true);
  });

  it('exports the roll-up and the family in the CSV, as the list answers them', async () => {
    const parents = (await page('is_multarch=true&limit=200')).data_list;
    const response = await fetch(
      `${bff.url}${API_ROUTES.registryImagesExport}?columns=id,severity_level,vul_num,` +
        'multi_arch,rollup_severity_level,rollup_vul_num,rollup_malicious_file_num,' +
        'rollup_unsafe_setting_num',
      { headers: { authorization: `Bearer ${TOKEN}` } },
    );
    expect(response.status).toBe(200);
    const [header, ...records] = decodeCsv((await response.text()).replace(/^\uFEFF/, ''));
    expect(header).toEqual([
      'Record ID',
      'Severity',
      'Vulnerabilities',
      'Multi-architecture family',
      'Roll-up severity (multi-arch)',
      'Roll-up vulnerabilities (multi-arch)',
      'Roll-up malicious files (multi-arch)',
      'Roll-up baseline risks (multi-arch)',
    ]);
    const byId = new Map(records.map((record) => [record[0], record]));
    for (const parent of parents) {
      if (parent.multi_arch?.role !== 'parent') throw new Error('not a parent');
      const { rollup } = parent.multi_arch;
      expect(byId.get(parent.id)).toEqual([
        parent.id,
        '',
        '0',
        `parent of ${rollup.members} architectures`,
        rollup.severity_level,
        String(rollup.vul_num),
        String(rollup.malicious_file_num),
        String(rollup.unsafe_setting_num),
      ]);
      for (const entry of parent.association_images) {
        expect(byId.get(entry.id)?.slice(3)).toEqual([
          `member of ${parent.image_digest}`,
          '',
          '',
          '',
          '',
        ]);
      }
    }
  });
});
