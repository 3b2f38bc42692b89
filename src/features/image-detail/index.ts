// The image detail drawer: mounted by the list views, driven by `image` in the URL.
export { ImageDetailPanel, type ImageDetailPanelProps } from './components/image-detail-panel';
