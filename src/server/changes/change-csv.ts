// The change feed's CSV columns (GET /api/changes/export.csv): one record per event, newest first,
// streamed in batches by the route (routes/csv-download.ts csvStream).
import type { ChangeEvent, ChangeValues } from '../../shared/contracts';
import { csvTime, defineCsvColumns } from '../../shared/csv';

const values = (changed: ChangeValues | null) =>
  changed === null ? null : JSON.stringify(changed);

export const CHANGE_CSV_COLUMNS = defineCsvColumns<ChangeEvent>([
  { key: 'id', header: 'Event id', value: (event) => event.id },
  { key: 'at', header: 'Recorded at (UTC)', value: (event) => csvTime(event.at) },
  { key: 'list', header: 'List', value: (event) => event.list },
  { key: 'event_type', header: 'Event type', value: (event) => event.event_type },
  { key: 'image_key', header: 'Image key', value: (event) => event.image.id },
  { key: 'image_id', header: 'Image ID', value: (event) => event.image.image_id },
  { key: 'namespace', header: 'Namespace', value: (event) => event.image.namespace },
  { key: 'image_name', header: 'Image name', value: (event) => event.image.image_name },
  { key: 'image_version', header: 'Image version', value: (event) => event.image.image_version },
  { key: 'image_digest', header: 'Image digest', value: (event) => event.image.image_digest },
  { key: 'before', header: 'Before', value: (event) => values(event.before) },
  { key: 'after', header: 'After', value: (event) => values(event.after) },
]);
