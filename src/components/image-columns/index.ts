export {
  createImageColumns,
  EnumValue,
  textColumn,
  type ImageColumnOptions,
  type ImageRowFields,
} from './image-columns';
