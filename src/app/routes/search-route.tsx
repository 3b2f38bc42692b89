// The search page: the artifacts `q` finds across the mirrored clouds (features/search).
import { SearchView } from '../../features/search';
import { useDocumentTitle } from '../use-document-title';

export default function SearchRoute() {
  useDocumentTitle('search');
  return <SearchView />;
}
