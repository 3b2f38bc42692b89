// The words a `values=labels` export writes for the code columns: the app's own labels (the
// `enums` catalogue in src/i18n/locales/<language>/, bundled into the server build), so the file
// and the dashboard say the same thing in either language: one source of truth.
import enEnums from '../../i18n/locales/en/enums.json';
import zhEnums from '../../i18n/locales/zh-CN/enums.json';
import type { ExportLanguage, ExportValueStyle } from '../../shared/contracts';

type EnumCatalogue = Readonly<Record<string, unknown>>;

const CATALOGUES: Readonly<Record<ExportLanguage, EnumCatalogue>> = {
  en: enEnums,
  'zh-CN': zhEnums,
};

/** The column whose cells are codes, and its group of labels in the `enums` catalogue. */
const ENUM_GROUP_OF_COLUMN: Readonly<Record<string, string>> = {
  scan_status: 'scanStatus',
  severity_level: 'severity',
  image_type: 'imageType',
  pipeline_type: 'pipelineType',
};

/**
 * A cell as the label of its code when labels are asked for and the catalogue has one; else the
 * code as stored. Enum labels are plain text (no ICU argument), so the text is the label.
 */
export function exportValueLabel(
  column: string,
  code: string,
  style: ExportValueStyle,
  language: ExportLanguage,
): string {
  if (style !== 'labels') return code;
  const group = ENUM_GROUP_OF_COLUMN[column];
  const labels = group ? CATALOGUES[language][group] : undefined;
  const label =
    labels && typeof labels === 'object' && Object.hasOwn(labels, code)
      ? (labels as Record<string, unknown>)[code]
      : undefined;
  return typeof label === 'string' ? label : code;
}
