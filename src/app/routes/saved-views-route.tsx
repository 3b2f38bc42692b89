import { SavedViewsPage } from '../../features/saved-views';
import { useDocumentTitle } from '../use-document-title';

export function SavedViewsRoute() {
  useDocumentTitle('views');
  return <SavedViewsPage />;
}
