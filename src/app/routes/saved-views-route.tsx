import { SavedViewsPage } from '../../features/saved-views';
import { useDocumentTitle } from '../use-document-title';

export default function SavedViewsRoute() {
  useDocumentTitle('views');
  return <SavedViewsPage />;
}
