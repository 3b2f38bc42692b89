// The image list pages: each is its list's configuration (features/image-lists/lists) rendered by
// the one list view, given the image detail drawer and the export action from their features.
import type { RowData } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { ExportButton } from '../../features/export';
import { ImageDetailPanel } from '../../features/image-detail';
import {
  CICD_LIST,
  ImageListView,
  REGISTRY_LIST,
  type ListConfig,
} from '../../features/image-lists';
import { useDocumentTitle } from '../use-document-title';

interface ImageListPageProps<TRow extends RowData> {
  config: ListConfig<TRow>;
  /** The detail drawer for the open image, typed by the list's rows. */
  renderDetail: (rows: TRow[]) => ReactNode;
}

function ImageListPage<TRow extends RowData>({ config, renderDetail }: ImageListPageProps<TRow>) {
  useDocumentTitle(`${config.list}Images`);
  return (
    <ImageListView
      config={config}
      renderDetail={renderDetail}
      renderExport={(params, columns) => (
        <ExportButton
          list={config.list}
          path={config.routes.export}
          allColumnKeys={config.exportColumnKeys}
          params={params}
          columns={columns}
        />
      )}
    />
  );
}

export function RegistryImagesRoute() {
  return (
    <ImageListPage
      config={REGISTRY_LIST}
      renderDetail={(rows) => <ImageDetailPanel kind="registry" rows={rows} />}
    />
  );
}

export function CicdImagesRoute() {
  return (
    <ImageListPage
      config={CICD_LIST}
      renderDetail={(rows) => <ImageDetailPanel kind="cicd" rows={rows} />}
    />
  );
}
