// The search page: the artifacts `q` finds across the mirrored clouds (features/search).
import { SearchView } from '../../features/search';
import { useDocumentTitle } from '../use-document-title';

export function SearchRoute() {
  useDocumentTitle('search');
  return <SearchView />;
}
