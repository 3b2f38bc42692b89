import { AcrView } from '../../features/acr/components/acr-view';
import { useDocumentTitle } from '../use-document-title';

export function AcrRoute() {
  useDocumentTitle('acr');
  return <AcrView />;
}
