import { useTranslation } from 'react-i18next';
import type { DetailImage } from '../detail-image';
import { CopyableValue, DetailSection, Field, FieldList } from './detail-fields';

/** What the image is called and how to refer to it exactly. */
export function IdentitySection({ detail }: { detail: DetailImage }) {
  const { t } = useTranslation('detail');
  const { image } = detail;
  // [field (its label and copy label in identity.*), value]
  const fields: Array<[string, string]> = [
    ['name', image.image_name],
    ['tag', image.image_version],
    ['namespace', image.namespace],
    ...(detail.kind === 'registry'
      ? [['recordId', detail.image.id] satisfies [string, string]]
      : []),
    ['imageId', image.image_id],
    ['digest', image.image_digest],
  ];
  return (
    <DetailSection id="identity" title={t('identity.title')}>
      <FieldList>
        {fields.map(([field, value]) => (
          <Field key={field} label={t(`identity.${field}`)}>
            <CopyableValue value={value} label={t(`identity.${field}Copy`)} />
          </Field>
        ))}
      </FieldList>
    </DetailSection>
  );
}
