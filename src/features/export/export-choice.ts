// What an export writes, chosen beside the Export button and kept in the app's URL so a shared
// link exports the same file (README "Exporting"): `export_columns=all` (default: the columns
// shown), `export_ids=false` (default: the identifiers are added so rows can be told apart) and
// `export_values=codes` (default: the labels shown on screen).
import {
  EXPORT_IDENTIFIER_KEYS,
  type ExportValueStyle,
  type ImageList,
} from '../../shared/contracts';

export interface ExportChoice {
  columns: 'shown' | 'all';
  identifiers: boolean;
  values: ExportValueStyle;
}

export const EXPORT_CHOICE_PARAMS = {
  columns: 'export_columns',
  identifiers: 'export_ids',
  values: 'export_values',
} as const;

export function readExportChoice(search: URLSearchParams): ExportChoice {
  return {
    columns: search.get(EXPORT_CHOICE_PARAMS.columns) === 'all' ? 'all' : 'shown',
    identifiers: search.get(EXPORT_CHOICE_PARAMS.identifiers) !== 'false',
    values: search.get(EXPORT_CHOICE_PARAMS.values) === 'codes' ? 'codes' : 'labels',
  };
}

/** The choice as a URL patch: defaults are left out, so the plain URL means the default. */
export function exportChoicePatch(choice: ExportChoice): Record<string, string | null> {
  return {
    [EXPORT_CHOICE_PARAMS.columns]: choice.columns === 'all' ? 'all' : null,
    [EXPORT_CHOICE_PARAMS.identifiers]: choice.identifiers ? null : 'false',
    [EXPORT_CHOICE_PARAMS.values]: choice.values === 'codes' ? 'codes' : null,
  };
}

/**
 * The `columns` the export asks for: the shown columns plus the identifiers not among them, or
 * every column (all known keys, identifiers left out when deselected).
 */
export function exportColumnKeys(
  list: ImageList,
  shown: readonly string[],
  all: readonly string[],
  choice: ExportChoice,
): string[] {
  const identifiers: readonly string[] = EXPORT_IDENTIFIER_KEYS[list];
  if (choice.columns === 'all')
    return choice.identifiers ? [...all] : all.filter((key) => !identifiers.includes(key));
  const keys = choice.identifiers ? [...shown] : shown.filter((key) => !identifiers.includes(key));
  if (choice.identifiers) for (const key of identifiers) if (!keys.includes(key)) keys.push(key);
  return keys;
}
