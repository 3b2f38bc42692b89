export { openInventory, InventoryOpenError, type InventoryDb } from './db';
export {
  queryRegistryImages,
  upsertRegistryImages,
  sweepRegistryImages,
  countRegistryImages,
} from './registry-images';
export { queryCicdImages, upsertCicdImages, sweepCicdImages, countCicdImages } from './cicd-images';
export { loadSyncRecord, saveSyncRecord, emptySyncRecord, type ListSyncRecord } from './sync-state';
