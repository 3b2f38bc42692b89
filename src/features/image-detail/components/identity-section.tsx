import type { DetailImage } from '../detail-image';
import { CopyableValue, DetailSection, Field, FieldList } from './detail-fields';

/** What the image is called and how to refer to it exactly. */
export function IdentitySection({ detail }: { detail: DetailImage }) {
  const { image } = detail;
  // [field label, value, what the copy button copies]
  const fields: Array<[string, string, string]> = [
    ['Name', image.image_name, 'image name'],
    ['Tag', image.image_version, 'tag'],
    ['Namespace', image.namespace, 'namespace'],
    ...(detail.kind === 'registry'
      ? [['Record id', detail.image.id, 'record id'] satisfies [string, string, string]]
      : []),
    ['Image id', image.image_id, 'image id'],
    ['Digest', image.image_digest, 'digest'],
  ];
  return (
    <DetailSection id="identity" title="Identity">
      <FieldList>
        {fields.map(([label, value, copyLabel]) => (
          <Field key={label} label={label}>
            <CopyableValue value={value} label={copyLabel} />
          </Field>
        ))}
      </FieldList>
    </DetailSection>
  );
}
