// The search as CSV (GET /api/search/export.csv): one record per location, its artifact's digest
// and travelling scan repeated on each. The location columns are every searchable list's
// location fields (lists/spec.ts `search`), so a list described later adds its own.
import {
  IMAGE_EXPORT_HEADERS,
  SCAN_RISK_KEYS,
  SEARCH_EXPORT_HEADERS,
  type ColumnTitles,
  type ExportLanguage,
  type SearchArtifact,
  type SearchLocation,
} from '../../shared/contracts';
import { defineCsvColumns, encodeCsvDocument, type CsvColumn } from '../../shared/csv/csv';
import { SEARCHABLE_LISTS } from '../lists';

interface SearchCsvRow {
  artifact: SearchArtifact;
  location: SearchLocation;
}

const TITLES: Readonly<Record<string, ColumnTitles>> = {
  ...IMAGE_EXPORT_HEADERS,
  ...SEARCH_EXPORT_HEADERS,
};

function title(key: string, language: ExportLanguage): string {
  return TITLES[key]?.[language] ?? key;
}

export function searchCsvColumns(language: ExportLanguage): readonly CsvColumn<SearchCsvRow>[] {
  const locationFields = [
    ...new Set(SEARCHABLE_LISTS.flatMap((spec) => spec.search.locationFields)),
  ];
  return defineCsvColumns<SearchCsvRow>([
    {
      key: 'image_digest',
      header: title('image_digest', language),
      value: (row) => row.artifact.digest,
    },
    { key: 'source', header: title('source', language), value: (row) => row.location.source },
    { key: 'account', header: title('account', language), value: (row) => row.location.account },
    ...locationFields.map((field): CsvColumn<SearchCsvRow> => ({
      key: field,
      header: title(field, language),
      value: (row) => row.location[field] ?? null,
    })),
    {
      key: 'scan_source',
      header: title('scan_source', language),
      value: (row) => row.artifact.scan?.source ?? null,
    },
    ...SCAN_RISK_KEYS.map((field): CsvColumn<SearchCsvRow> => ({
      key: field,
      header: title(field, language),
      value: (row) => row.artifact.scan?.[field] ?? null,
    })),
  ]);
}

/** The whole file: BOM, header, one record per location. */
export function searchCsv(artifacts: readonly SearchArtifact[], language: ExportLanguage): string {
  const rows = artifacts.flatMap((artifact) =>
    artifact.locations.map((location) => ({ artifact, location })),
  );
  return encodeCsvDocument(searchCsvColumns(language), rows);
}
