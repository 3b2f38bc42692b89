import type { DetailImage } from '../detail-image';
import { CopyableValue, DetailSection, Field, FieldList } from './detail-fields';

/** What the image is called and how to refer to it exactly. */
export function IdentitySection({ detail }: { detail: DetailImage }) {
  const { image } = detail;
  return (
    <DetailSection id="identity" title="Identity">
      <FieldList>
        <Field label="Name">
          <CopyableValue value={image.image_name} label="image name" />
        </Field>
        <Field label="Tag">
          <CopyableValue value={image.image_version} label="tag" />
        </Field>
        <Field label="Namespace">
          <CopyableValue value={image.namespace} label="namespace" />
        </Field>
        {detail.kind === 'registry' ? (
          <Field label="Record id">
            <CopyableValue value={detail.image.id} label="record id" />
          </Field>
        ) : null}
        <Field label="Image id">
          <CopyableValue value={image.image_id} label="image id" />
        </Field>
        <Field label="Digest">
          <CopyableValue value={image.image_digest} label="digest" />
        </Field>
      </FieldList>
    </DetailSection>
  );
}
