import { OverviewView } from '../../features/overview/components/overview-view';
import { useDocumentTitle } from '../use-document-title';

export function OverviewRoute() {
  useDocumentTitle('overview');
  return <OverviewView />;
}
