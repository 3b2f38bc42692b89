import {
  PIPELINE_TYPE_LABELS,
  REGISTRY_IMAGE_TYPE_LABELS,
  REGISTRY_IMAGE_TYPES,
  isOneOf,
} from '../../../shared/contracts/facts';
import type { DetailImage } from '../detail-image';
import { CopyableValue, DetailSection, Field, FieldList } from './detail-fields';

function imageTypeLabel(value: string): string {
  return isOneOf(REGISTRY_IMAGE_TYPES, value) ? REGISTRY_IMAGE_TYPE_LABELS[value] : value;
}

const SHARED_STATUS_LABELS: Record<string, string> = {
  effective: 'Effective',
  expired: 'Expired',
};

/** Where the image lives: registry, enterprise instance, sharing; for CI/CD, the pipeline. */
export function RegistrySection({ detail }: { detail: DetailImage }) {
  if (detail.kind === 'cicd') {
    const { image } = detail;
    return (
      <DetailSection id="registry" title="Registry and pipeline">
        <FieldList>
          <Field label="Pipeline">{image.cicd_name}</Field>
          <Field label="Pipeline type">
            {PIPELINE_TYPE_LABELS[image.pipeline_type as keyof typeof PIPELINE_TYPE_LABELS] ??
              image.pipeline_type}
          </Field>
          <Field label="Registry">{image.registry_name}</Field>
          <Field label="Registry type">{image.registry_type}</Field>
          <Field label="Image type">{image.image_type}</Field>
        </FieldList>
      </DetailSection>
    );
  }
  const { image } = detail;
  const enterprise = Boolean(image.instance_id || image.instance_name || image.instance_url);
  const shared = Boolean(image.domain_name || image.shared_status);
  return (
    <DetailSection id="registry" title="Registry">
      <FieldList>
        <Field label="Type">{imageTypeLabel(image.image_type)}</Field>
        <Field label="Registry">{image.registry_name}</Field>
        <Field label="Registry type">{image.registry_type}</Field>
        {image.registry_id ? <Field label="Registry id">{image.registry_id}</Field> : null}
        {enterprise ? (
          <>
            <Field label="Enterprise instance">
              {image.instance_name}
              {image.instance_id ? (
                <span className="muted image-detail__sub"> {image.instance_id}</span>
              ) : null}
            </Field>
            <Field label="Instance URL">
              <CopyableValue value={image.instance_url} label="instance URL" />
            </Field>
          </>
        ) : null}
        {shared ? (
          <>
            <Field label="Shared by">{image.domain_name}</Field>
            <Field label="Sharing">
              {SHARED_STATUS_LABELS[image.shared_status] ?? image.shared_status}
            </Field>
          </>
        ) : null}
      </FieldList>
    </DetailSection>
  );
}
