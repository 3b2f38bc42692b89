// The overview: the risk charts, with the base-images feature's card of images on end-of-life
// bases and the search feature's cross-cloud card.
import { EndOfLifeImagesCard } from '../../features/base-images';
import { CrossCloudCard } from '../../features/search/components/cross-cloud-card';
import { OverviewView } from '../../features/overview/components/overview-view';
import { useDocumentTitle } from '../use-document-title';

export default function OverviewRoute() {
  useDocumentTitle('overview');
  return (
    <OverviewView
      cards={
        <>
          <EndOfLifeImagesCard />
          <CrossCloudCard />
        </>
      }
    />
  );
}
