import { Text } from '../../../components/cells';
import { createDataTableColumnHelper } from '../../../components/data-table';
import { createImageColumns } from '../../../components/image-columns';
import { PIPELINE_TYPE_LABELS } from '../../../shared/contracts/facts';
import type { CicdImageRow } from '../../../shared/contracts';

const column = createDataTableColumnHelper<CicdImageRow>();
// Size hidden below 1200 px so the CI/CD name keeps its room at 1024 px.
const shared = createImageColumns<CicdImageRow>({ optionalSize: true });

const PIPELINE_LABELS: Readonly<Record<string, string>> = PIPELINE_TYPE_LABELS;

/**
 * CI/CD image columns: every ListCicdImages field, read from the typed row. `sortKey` names the
 * BFF's sort key (CICD_SORT_KEYS); `exportKeys` the fields Export writes for the column.
 */
export const cicdImageColumns = column.columns([
  ...shared.identity,
  column.accessor('cicd_name', {
    header: 'CI/CD',
    meta: { label: 'CI/CD name', width: '10rem', sortKey: 'cicd_name', exportKeys: ['cicd_name'] },
    cell: ({ getValue }) => <Text value={getValue()} />,
  }),
  column.accessor('pipeline_type', {
    header: 'Pipeline',
    meta: { label: 'Pipeline', width: '6rem', optional: true, exportKeys: ['pipeline_type'] },
    cell: ({ getValue }) => PIPELINE_LABELS[getValue()] ?? (getValue() || '—'),
  }),
  column.accessor('registry_name', {
    header: 'Registry',
    meta: {
      label: 'Registry',
      width: '9rem',
      sortKey: 'registry_name',
      exportKeys: ['registry_name'],
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <Text value={getValue()} />,
  }),
  column.accessor('registry_type', {
    header: 'Registry type',
    meta: {
      label: 'Registry type',
      width: '7.5rem',
      exportKeys: ['registry_type'],
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <Text value={getValue()} />,
  }),
  column.accessor('image_type', {
    header: 'Type',
    meta: {
      label: 'Image type',
      width: '6.5rem',
      exportKeys: ['image_type'],
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <Text value={getValue()} />,
  }),
  ...shared.scan,
  shared.digest,
  column.accessor('image_id', {
    header: 'Image id',
    meta: {
      label: 'Image id',
      width: '10rem',
      sortKey: 'image_id',
      exportKeys: ['image_id'],
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <Text value={getValue()} mono />,
  }),
  shared.latestVersion,
]);
