export { createImageColumns, type ImageColumnOptions, type ImageRowFields } from './image-columns';
