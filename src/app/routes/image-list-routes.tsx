// The image list pages: each is its list's configuration (features/image-lists/lists) rendered by
// the one list view, given the image detail drawer and the export action from their features.
// Both are lazy chunks: the list paints without them (first-page budget, docs/benchmarks.md); the
// drawer's chunk is fetched only once an image is open. The lists' URL schemas, a lazy chunk too
// (features/image-lists/lists), are loaded before a list page renders (loadListSchemas).
import type { RowData } from '@tanstack/react-table';
import { lazy, Suspense, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  CICD_LIST,
  ImageListView,
  REGISTRY_LIST,
  type ListConfig,
} from '../../features/image-lists';
import { loadNamespaces } from '../../i18n/i18n';
import { useMayUse } from '../../lib/session';
import { API_ROUTES } from '../../shared/contracts/facts';
import { useDocumentTitle } from '../use-document-title';
import { baseImageLink } from './base-image-link';

const ExportButton = lazy(async () => {
  const [feature] = await Promise.all([import('../../features/export'), loadNamespaces('export')]);
  return { default: feature.ExportButton };
});
const SaveViewMenu = lazy(async () => {
  const [feature] = await Promise.all([
    import('../../features/saved-views/components/save-view-menu'),
    loadNamespaces('views'),
  ]);
  return { default: feature.SaveViewMenu };
});
const ImageDetailPanel = lazy(async () => {
  const [feature] = await Promise.all([
    import('../../features/image-detail'),
    loadNamespaces('detail'),
  ]);
  return { default: feature.ImageDetailPanel };
});

/** Both lists' URL schemas (one chunk), so that their views read them without suspending. */
export async function loadListSchemas(): Promise<void> {
  await Promise.all([REGISTRY_LIST.querySchema.load(), CICD_LIST.querySchema.load()]);
}

interface ImageListPageProps<TRow extends RowData> {
  config: ListConfig<TRow>;
  /** The detail drawer for the open image, typed by the list's rows. */
  renderDetail: (rows: TRow[]) => ReactNode;
}

function ImageListPage<TRow extends RowData>({ config, renderDetail }: ImageListPageProps<TRow>) {
  useDocumentTitle(`${config.list}Images`);
  const [searchParams] = useSearchParams();
  const imageOpen = searchParams.has('image');
  // What the role cannot do is not offered (the BFF refuses it regardless).
  const maySaveViews = useMayUse('POST', API_ROUTES.views);
  const mayExport = useMayUse('GET', config.routes.export);
  return (
    <Suspense fallback={null}>
      <ImageListView
        config={config}
        renderDetail={(rows) =>
          imageOpen ? <Suspense fallback={null}>{renderDetail(rows)}</Suspense> : null
        }
        renderSaveView={(columns) =>
          maySaveViews ? (
            <Suspense fallback={null}>
              <SaveViewMenu list={config.list} columns={columns} />
            </Suspense>
          ) : null
        }
        renderExport={(params, columns) =>
          mayExport ? (
            <Suspense fallback={null}>
              <ExportButton
                list={config.list}
                path={config.routes.export}
                allColumnKeys={config.exportColumnKeys}
                params={params}
                columns={columns}
              />
            </Suspense>
          ) : null
        }
      />
    </Suspense>
  );
}

export function RegistryImagesRoute() {
  return (
    <ImageListPage
      config={REGISTRY_LIST}
      renderDetail={(rows) => (
        <ImageDetailPanel kind="registry" rows={rows} baseImageLink={baseImageLink} />
      )}
    />
  );
}

export function CicdImagesRoute() {
  return (
    <ImageListPage
      config={CICD_LIST}
      renderDetail={(rows) => (
        <ImageDetailPanel kind="cicd" rows={rows} baseImageLink={baseImageLink} />
      )}
    />
  );
}
