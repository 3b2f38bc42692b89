// The Changes page: the change feed, given the image detail drawer from its feature.
import { ChangesView } from '../../features/changes';
import { ImageDetailPanel } from '../../features/image-detail';
import { useDocumentTitle } from '../use-document-title';
import { baseImageLink } from './base-image-link';

export default function ChangesRoute() {
  useDocumentTitle('changes');
  return (
    <ChangesView
      renderDetail={(list) => (
        <ImageDetailPanel kind={list} rows={[]} baseImageLink={baseImageLink} />
      )}
    />
  );
}
