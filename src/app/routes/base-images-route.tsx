// The base-images page: basic images across the estate, end of life, fix first.
import { BaseImagesView } from '../../features/base-images';
import { useDocumentTitle } from '../use-document-title';

export default function BaseImagesRoute() {
  useDocumentTitle('baseImages');
  return <BaseImagesView />;
}
