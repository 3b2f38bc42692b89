import { ImageExplorer } from '../../filters';
import { ExportButton } from '../../export';
import { ImageDetailPanel } from '../../image-detail';
import {
  REGISTRY_LIMIT,
  RegistryImagesListQuerySchema,
  type RegistryImageRow,
} from '../../../shared/contracts';
import { useRegistryImages } from '../api/get-registry-images';
import { registryImageColumns } from './columns';

const getRowId = (image: RegistryImageRow) => image.id;

export function RegistryImagesView() {
  return (
    <ImageExplorer
      kind="registry"
      schema={RegistryImagesListQuerySchema}
      columns={registryImageColumns}
      useRows={useRegistryImages}
      getRowId={getRowId}
      limitRange={REGISTRY_LIMIT}
      title="Repository images"
      lead="Images in your SWR, enterprise, Harbor and JFrog repositories, as HSS scanned them (ListRegistryImages)."
      errorTitle="The repository images could not be loaded"
      renderDetail={(rows) => <ImageDetailPanel kind="registry" rows={rows} />}
      renderExport={(params, columns) => (
        <ExportButton kind="registry" params={params} columns={columns} />
      )}
    />
  );
}
