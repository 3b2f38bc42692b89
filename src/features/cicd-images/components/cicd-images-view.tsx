import { ExportButton } from '../../export';
import { ImageExplorer } from '../../filters';
import { ImageDetailPanel } from '../../image-detail';
import { CICD_LIMIT, CicdImagesListQuerySchema, type CicdImage } from '../../../shared/contracts';
import { useCicdImages } from '../api/get-cicd-images';
import { cicdImageColumns } from './columns';

// CI/CD images have no record id: image_id is their key (architecture.md, `image`).
const getRowId = (image: CicdImage) => image.image_id;

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
