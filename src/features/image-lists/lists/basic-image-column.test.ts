// The Base image column of both explorers: Export writes the basic image and its layer digest
// (keys the BFF's export accepts); it offers no sort (the BFF has no cheap order by basic image).
import { describe, expect, it } from 'vitest';
import { CICD_EXPORT_COLUMNS, REGISTRY_EXPORT_COLUMNS } from '../../../shared/contracts';
import { cicdImageColumns } from './cicd-columns';
import { registryImageColumns } from './registry-columns';

/** What the test reads of a column definition (both lists' columns have it). */
type ColumnFacts = readonly {
  id?: string;
  meta?: { exportKeys?: readonly string[]; sortKey?: string };
}[];

describe.each<{ list: string; columns: ColumnFacts; exportColumns: readonly { key: string }[] }>([
  { list: 'registry', columns: registryImageColumns, exportColumns: REGISTRY_EXPORT_COLUMNS },
  { list: 'cicd', columns: cicdImageColumns, exportColumns: CICD_EXPORT_COLUMNS },
])('the $list Base image column', ({ columns, exportColumns }) => {
  it('exports basic_image and basic_image_digest, both known to the export route', () => {
    const column = columns.find((candidate) => candidate.id === 'basic_image');
    expect(column?.meta?.exportKeys).toEqual(['basic_image', 'basic_image_digest']);
    const known: readonly string[] = exportColumns.map((exportColumn) => exportColumn.key);
    for (const key of column?.meta?.exportKeys ?? []) expect(known).toContain(key);
    expect(column?.meta?.sortKey).toBeUndefined();
  });
});
