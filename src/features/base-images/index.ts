// The base-images page (basic images across the estate, end of life, fix first) and the
// overview's card of images on end-of-life bases.
export { BaseImagesView } from './components/base-images-view';
export { EndOfLifeImagesCard } from './components/eol-images-card';
