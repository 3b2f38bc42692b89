import { AcrView } from '../../features/acr/components/acr-view';
import { useDocumentTitle } from '../use-document-title';

export default function AcrRoute() {
  useDocumentTitle('acr');
  return <AcrView />;
}
