export {
  createImageColumns,
  textColumn,
  type ImageColumnOptions,
  type ImageRowFields,
} from './image-columns';
