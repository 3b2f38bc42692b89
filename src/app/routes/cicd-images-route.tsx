import { CicdImagesView } from '../../features/cicd-images/components/cicd-images-view';
import { useDocumentTitle } from '../use-document-title';

export function CicdImagesRoute() {
  useDocumentTitle('cicdImages');
  return <CicdImagesView />;
}
