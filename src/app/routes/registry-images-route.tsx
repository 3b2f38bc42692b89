import { RegistryImagesView } from '../../features/registry-images/components/registry-images-view';
import { useDocumentTitle } from '../use-document-title';

export function RegistryImagesRoute() {
  useDocumentTitle('registryImages');
  return <RegistryImagesView />;
}
