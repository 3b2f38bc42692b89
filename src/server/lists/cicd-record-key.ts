// The key of a CI/CD image row. Upstream CI/CD records have no record id, and their image_id may
// be empty or shared (seed 003: length 0 to 128), so a row is keyed by a digest of the fields
// that tell records apart. Mutable facts (scan results, sizes, times, latest_version) are left
// out, so a record keeps its key, and its row, when it is rescanned.
import { createHash } from 'node:crypto';
import type { CicdImage } from '../../shared/contracts';

export type CicdIdentity = Pick<
  CicdImage,
  | 'image_id'
  | 'pipeline_type'
  | 'cicd_name'
  | 'namespace'
  | 'image_name'
  | 'image_version'
  | 'image_digest'
  | 'registry_name'
>;

/** 96 bits of SHA-256, base64url (16 characters: URL-safe, short in every index). */
export function cicdRecordKey(image: CicdIdentity): string {
  const identity = JSON.stringify([
    image.image_id,
    image.pipeline_type,
    image.cicd_name,
    image.namespace,
    image.image_name,
    image.image_version,
    image.image_digest,
    image.registry_name,
  ]);
  return createHash('sha256').update(identity).digest().subarray(0, 12).toString('base64url');
}
