// Tests only: a registry image made up from an id, for tests that write a few by hand.
import { RegistryImageSchema, type RegistryImage } from '../../shared/contracts';

/**
 * A scanned registry image named after `id` (its name, namespace and digest), Low with one
 * vulnerability; `fields` (as the upstream sends them, parsed with the rest) override any.
 */
export function sampleRegistryImage(
  id: string,
  fields: Record<string, unknown> = {},
): RegistryImage {
  return RegistryImageSchema.parse({
    id,
    namespace: `ns-${id}`,
    image_name: `name-${id}`,
    image_version: 'v1',
    image_digest: `sha256:${id}`,
    scan_status: 'success',
    severity_level: 'Low',
    vul_num: 1,
    ...fields,
  });
}
