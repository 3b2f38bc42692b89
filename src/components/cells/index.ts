export { Bytes, Count, ImageReference, RelativeTime } from './cells';
