import { describe, expect, it } from 'vitest';
import { exportChoicePatch, exportColumnKeys, readExportChoice } from './export-choice';

const ALL = ['namespace', 'image_name', 'severity_level', 'id', 'image_id', 'image_digest'];

describe('export choice', () => {
  it('adds the identifiers to the shown columns by default', () => {
    const choice = readExportChoice(new URLSearchParams());
    expect(exportColumnKeys('registry', ['namespace', 'image_name'], ALL, choice)).toEqual([
      'namespace',
      'image_name',
      'image_digest',
      'image_id',
      'id',
    ]);
    expect(choice.values).toBe('labels');
  });

  it('leaves them out when deselected, and exports every column when asked', () => {
    const choice = readExportChoice(
      new URLSearchParams('export_columns=all&export_ids=false&export_values=codes'),
    );
    expect(exportColumnKeys('registry', ['namespace'], ALL, choice)).toEqual([
      'namespace',
      'image_name',
      'severity_level',
    ]);
    expect(exportChoicePatch(choice)).toEqual({
      export_columns: 'all',
      export_ids: 'false',
      export_values: 'codes',
    });
    expect(exportChoicePatch(readExportChoice(new URLSearchParams()))).toEqual({
      export_columns: null,
      export_ids: null,
      export_values: null,
    });
  });
});
