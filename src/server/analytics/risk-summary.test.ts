// The risk summary's top images and vulnerable namespaces, whatever access path SQLite is steered
// to (the vul_num index walk for broad filters, the filter's index for narrow ones), equal a
// brute-force ranking of every matching row.
import { sql } from 'kysely';

import { describe, expect, it } from 'vitest';

import type { RegistryImagesListQuery } from '../../shared/contracts';

import { useMirroredEstate } from '../test-support/hooks';

import type { InventoryDb } from '../store/db';

import { buildRiskSummary } from './risk-summary';
import { registryImagesWhere } from '../test-support/per-list';

let db: InventoryDb;
const NOW = Date.UTC(2025, 0, 15);

useMirroredEstate(
  { seed: 11, registryImages: 2_000, cicdImages: 0, now: NOW },
  (opened) => (db = opened),
);

interface Ranked {
  id: string;
  namespace: string;
  vul_num: number;
  malicious_file_num: number;
}

async function matchingRows(query: RegistryImagesListQuery): Promise<Ranked[]> {
  const rows = await sql<Ranked>`select id, namespace, vul_num, malicious_file_num
    from registry_images where ${registryImagesWhere('a', query, NOW)}`.execute(db);
  return rows.rows;
}

describe('risk summary top lists', () => {
  const queries: Array<{ name: string; query: RegistryImagesListQuery }> = [
    { name: 'no filter', query: {} },
    { name: 'namespace + severity', query: { namespace: 'a', severity_level: ['High', 'Medium'] } },
    { name: 'a rare severity', query: { severity_level: ['Security'] } },
    { name: 'a narrow name', query: { image_name: 'ab' } },
    { name: 'nothing vulnerable', query: { has_vul: false } },
  ];

  it.each(queries)('ranks the top images and namespaces exactly ($name)', async ({ query }) => {
    const summary = await buildRiskSummary(db, {
      account: 'a',
      request: { kind: 'registry', query },
      filters: {},
      now: NOW,
      syncedAt: null,
    });
    const rows = await matchingRows(query);
    const vulnerable = rows.filter((row) => Number(row.vul_num) > 0);
    const expectedTop = [...vulnerable]
      .sort(
        (a, b) =>
          Number(b.vul_num) - Number(a.vul_num) ||
          Number(b.malicious_file_num) - Number(a.malicious_file_num) ||
          (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      )
      .slice(0, 10)
      .map((row) => row.id);
    expect(summary.top_images.map((image) => image.key)).toEqual(expectedTop);
    expect(summary.total_num).toBe(rows.length);

    const perNamespace = new Map<string, number>();
    for (const row of vulnerable)
      perNamespace.set(row.namespace, (perNamespace.get(row.namespace) ?? 0) + 1);
    // Each bucket counts what its substring filter lists: at least its exact-name images.
    for (const bucket of summary.top_namespaces) {
      const containing = [...perNamespace]
        .filter(([name]) => name.toLowerCase().includes(bucket.value.toLowerCase()))
        .reduce((sum, [, count]) => sum + count, 0);
      expect(bucket.count).toBe(containing);
    }
    expect(summary.top_namespaces.length).toBe(Math.min(10, perNamespace.size));
    const risky = summary.risk_types.find((bucket) => bucket.value === 'has_vul');
    expect(risky?.count).toBe(vulnerable.length);
  });
});
