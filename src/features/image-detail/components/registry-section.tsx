import { useTranslation } from 'react-i18next';
import { useEnumLabel } from '../../../i18n/enum-labels';
import type { DetailImage } from '../detail-image';
import { CopyableValue, DetailSection, Field, FieldList } from './detail-fields';

const SHARED_STATUSES = ['effective', 'expired'];

/** Where the image lives: registry, enterprise instance, sharing; for CI/CD, the pipeline. */
export function RegistrySection({ detail }: { detail: DetailImage }) {
  const { t } = useTranslation('detail');
  const label = useEnumLabel();
  if (detail.kind === 'cicd') {
    const { image } = detail;
    return (
      <DetailSection id="registry" title={t('registry.titleCicd')}>
        <FieldList>
          <Field label={t('registry.pipeline')}>{image.cicd_name}</Field>
          <Field label={t('registry.pipelineType')}>
            {label('pipelineType', image.pipeline_type)}
          </Field>
          <Field label={t('registry.registry')}>{image.registry_name}</Field>
          <Field label={t('registry.registryType')}>{image.registry_type}</Field>
          <Field label={t('registry.imageType')}>{image.image_type}</Field>
        </FieldList>
      </DetailSection>
    );
  }
  const { image } = detail;
  const enterprise = Boolean(image.instance_id || image.instance_name || image.instance_url);
  const shared = Boolean(image.domain_name || image.shared_status);
  return (
    <DetailSection id="registry" title={t('registry.title')}>
      <FieldList>
        <Field label={t('registry.type')}>{label('imageType', image.image_type)}</Field>
        <Field label={t('registry.registry')}>{image.registry_name}</Field>
        <Field label={t('registry.registryType')}>{image.registry_type}</Field>
        {image.registry_id ? (
          <Field label={t('registry.registryId')}>{image.registry_id}</Field>
        ) : null}
        {enterprise ? (
          <>
            <Field label={t('registry.enterpriseInstance')}>
              {image.instance_name}
              {image.instance_id ? (
                <span className="muted image-detail__sub"> {image.instance_id}</span>
              ) : null}
            </Field>
            <Field label={t('registry.instanceUrl')}>
              <CopyableValue value={image.instance_url} label={t('registry.instanceUrlCopy')} />
            </Field>
          </>
        ) : null}
        {shared ? (
          <>
            <Field label={t('registry.sharedBy')}>{image.domain_name}</Field>
            <Field label={t('registry.sharing')}>
              {SHARED_STATUSES.includes(image.shared_status)
                ? t(`registry.sharedStatus.${image.shared_status}`)
                : image.shared_status}
            </Field>
          </>
        ) : null}
      </FieldList>
    </DetailSection>
  );
}
