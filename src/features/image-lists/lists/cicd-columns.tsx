import { createDataTableColumnHelper } from '../../../components/data-table';
import { createImageColumns, EnumValue, textColumn } from '../../../components/image-columns';
import { basicImageColumn } from './basic-image-column';
import { listColumnLabel as labelOf } from './column-label';
import type { CicdImageRow } from '../../../shared/contracts';

const column = createDataTableColumnHelper<CicdImageRow>();
// Size hidden below 1200 px so the CI/CD name keeps its room at 1024 px.
const shared = createImageColumns<CicdImageRow>({ optionalSize: true });

/**
 * CI/CD image columns: every ListCicdImages field, read from the typed row. `sortKey` names the
 * BFF's sort key (CICD_SORT_KEYS); `exportKeys` the fields Export writes for the column.
 */
export const cicdImageColumns = column.columns([
  ...shared.identity,
  textColumn(column, 'cicd_name', (row) => row.cicd_name, {
    label: labelOf('cicd_name'),
    shortLabel: labelOf('cicd_name_short'),
    width: '10rem',
    sortKey: 'cicd_name',
    exportKeys: ['cicd_name'],
  }),
  column.accessor('pipeline_type', {
    meta: {
      label: labelOf('pipeline_type'),
      width: '6rem',
      optional: true,
      exportKeys: ['pipeline_type'],
    },
    cell: ({ getValue }) => <EnumValue group="pipelineType" value={getValue()} />,
  }),
  textColumn(column, 'registry_name', (row) => row.registry_name, {
    label: labelOf('registry_name'),
    width: '9rem',
    sortKey: 'registry_name',
    exportKeys: ['registry_name'],
    hiddenByDefault: true,
  }),
  textColumn(column, 'registry_type', (row) => row.registry_type, {
    label: labelOf('registry_type'),
    width: '7.5rem',
    exportKeys: ['registry_type'],
    hiddenByDefault: true,
  }),
  // CI/CD image types are free text upstream, shown as they come.
  textColumn(column, 'image_type', (row) => row.image_type, {
    label: labelOf('image_type'),
    shortLabel: labelOf('image_type_short'),
    width: '6.5rem',
    exportKeys: ['image_type'],
    hiddenByDefault: true,
  }),
  ...shared.scan,
  basicImageColumn(column),
  shared.digest,
  textColumn(column, 'image_id', (row) => row.image_id, {
    label: labelOf('image_id'),
    width: '10rem',
    sortKey: 'image_id',
    exportKeys: ['image_id'],
    hiddenByDefault: true,
    mono: true,
  }),
  shared.latestVersion,
]);
