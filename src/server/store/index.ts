export { openInventory, InventoryOpenError, type InventoryDb } from './db';
export {
  queryRegistryImages,
  upsertRegistryImages,
  sweepRegistryImages,
  countRegistryImages,
} from '../lists/registry-images';
export {
  queryCicdImages,
  upsertCicdImages,
  sweepCicdImages,
  countCicdImages,
} from '../lists/cicd-images';
export {
  loadSyncRecord,
  saveSyncRecord,
  emptySyncRecord,
  type ListSyncRecord,
} from '../sync/sync-state';
