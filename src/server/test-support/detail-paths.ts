import type { Estate, RegistryImageRecord } from '../../simulator';

type ImageIdentity = Pick<
  RegistryImageRecord,
  'image_id' | 'namespace' | 'image_name' | 'image_version'
>;

/** The estate's private images (HSS answers basic-image questions about those by name). */
export function privateImagesOf(estate: Estate): RegistryImageRecord[] {
  return estate.registryImages.filter((image) => image.image_type === 'private_image');
}

/** The estate's first private image; a test estate without one is a broken test. */
export function firstPrivateImage(estate: Estate): RegistryImageRecord {
  const [image] = privateImagesOf(estate);
  if (!image) throw new Error('no private image in the estate');
  return image;
}

/** The BFF path of a private image's basic-image detail, with `extra` query parameters. */
export function basicImagePath(image: ImageIdentity, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    image_type: 'private_image',
    namespace: image.namespace,
    image_name: image.image_name,
    image_version: image.image_version,
    ...extra,
  });
  return `/api/hss/images/${image.image_id}/basic-image?${query.toString()}`;
}
