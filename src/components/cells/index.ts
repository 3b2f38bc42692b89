export { Bytes, Count, ImageMarkers, ImageReference, RelativeTime } from './cells';
export { Digest } from './digest';
export { Text, YesNo } from './text-cells';
export { CopyableHash, CopyButton } from './copy-button';
export { TableHead, numeric, type HeadColumn } from './table-head';
