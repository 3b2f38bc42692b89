import { ExportButton } from '../../export';
import { ImageExplorer } from '../../filters';
import { ImageDetailPanel } from '../../image-detail';
import {
  CICD_LIMIT,
  CicdImagesListQuerySchema,
  type CicdImageRow,
} from '../../../shared/contracts';
import { useCicdImages } from '../api/get-cicd-images';
import { cicdImageColumns } from './columns';

// CI/CD images have no record id, and image_id may be empty or shared: the BFF's record_key is
// their key (lists/cicd-record-key.ts).
const getRowId = (image: CicdImageRow) => image.record_key;

export function CicdImagesView() {
  return (
    <ImageExplorer
      kind="cicd"
      schema={CicdImagesListQuerySchema}
      columns={cicdImageColumns}
      useRows={useCicdImages}
      getRowId={getRowId}
      limitRange={CICD_LIMIT}
      title="CI/CD images"
      lead="Images HSS scanned inside your Jenkins and CodeArts pipelines (ListCicdImages)."
      errorTitle="The CI/CD images could not be loaded"
      renderDetail={(rows) => <ImageDetailPanel kind="cicd" rows={rows} />}
      renderExport={(params, columns) => (
        <ExportButton kind="cicd" params={params} columns={columns} />
      )}
    />
  );
}
