// The image a detail panel shows: a repository image or a CI/CD image, and what the panel derives
// from it (its URL key, how to ask for its basic image, its SWR repository).
import {
  BASIC_IMAGE_TYPES,
  type BasicImageType,
  type CicdImageRow,
  type RegistryImage,
} from '../../shared/contracts';

export type ImageKind = 'registry' | 'cicd';

export type DetailImage =
  { kind: 'registry'; image: RegistryImage } | { kind: 'cicd'; image: CicdImageRow };

/** The value of `image` in the URL: record id for repository images, record key for CI/CD ones. */
export function detailImageKey(detail: DetailImage): string {
  return detail.kind === 'registry' ? detail.image.id : detail.image.record_key;
}

export type BasicImageRequest =
  | { available: true; imageId: string; params: Record<string, string> }
  | { available: false; reason: string };

function isBasicImageType(value: string): value is BasicImageType {
  return (BASIC_IMAGE_TYPES as readonly string[]).includes(value);
}

/**
 * ListImageBasicImage's identification (vendor page): a CI/CD image by image_type=cicd and its
 * id; any other image by image_type + namespace + image_name + image_version, the path's image id
 * telling the architectures of a multi-architecture image apart.
 */
export function basicImageRequest(detail: DetailImage): BasicImageRequest {
  if (detail.kind === 'cicd') {
    if (!detail.image.image_id) return { available: false, reason: 'The image has no image id.' };
    return { available: true, imageId: detail.image.image_id, params: { image_type: 'cicd' } };
  }
  const image = detail.image;
  if (!isBasicImageType(image.image_type) || image.image_type === 'cicd') {
    return {
      available: false,
      reason: `HSS offers no basic-image lookup for ${image.image_type || 'this kind of'} image.`,
    };
  }
  if (!image.namespace || !image.image_name || !image.image_version) {
    return { available: false, reason: 'The image lacks a namespace, name or tag to look it up.' };
  }
  return {
    available: true,
    // The path needs an id; the record id stands in when HSS reported no image id.
    imageId: image.image_id || image.id,
    params: {
      image_type: image.image_type,
      namespace: image.namespace,
      image_name: image.image_name,
      image_version: image.image_version,
    },
  };
}

/** SWR images (registry_type SwrPrivate, SwrShared, SwrEnterprise) have a repository to describe. */
export function swrRepositoryOf(
  detail: DetailImage,
): { namespace: string; repository: string } | undefined {
  const image = detail.image;
  if (!image.registry_type.startsWith('Swr') || !image.namespace || !image.image_name) {
    return undefined;
  }
  return { namespace: image.namespace, repository: image.image_name };
}
