import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { QueryErrorState } from '../../../components/feedback';
import { PageStepButtons } from '../../../components/layout';
import { useBasicImage } from '../api/get-basic-image';
import { basicImageRequest, type DetailImage } from '../detail-image';
import { CopyableValue, DetailSection } from './detail-fields';
import { QueuedNotice } from './queued-notice';

/** Basic images per page: most images have one, a few several (the API allows up to 200). */
export const BASIC_IMAGE_PAGE_SIZE = 5;

/** Where a basic image (its OS and version) leads: the app's page of images on that base. */
export type BaseImageLink = (
  base: { os_name: string; os_version: string },
  account: string | undefined,
) => { pathname: string; search: string };

interface BasicImageSectionProps {
  detail: DetailImage;
  account: string | undefined;
  baseImageLink?: BaseImageLink | undefined;
}

/** What the image is built on: OS, version and layer, from HSS ListImageBasicImage. */
export function BasicImageSection({ detail, account, baseImageLink }: BasicImageSectionProps) {
  const { t } = useTranslation('detail');
  const request = basicImageRequest(detail);
  return (
    <DetailSection id="basic-image" title={t('basicImage.title')}>
      {request.available ? (
        <BasicImageList
          // A new image starts at its first page.
          key={`${request.imageId}:${detail.image.image_digest}`}
          request={request}
          digest={detail.image.image_digest}
          account={account}
          baseImageLink={baseImageLink}
        />
      ) : (
        <p className="muted">
          {request.reason === 'no-image-id'
            ? t('basicImage.noImageId')
            : request.imageType
              ? t('basicImage.noLookup', { imageType: request.imageType })
              : t('basicImage.noLookupKind')}
        </p>
      )}
    </DetailSection>
  );
}

function BasicImageList({
  request,
  digest,
  account,
  baseImageLink,
}: {
  request: Extract<ReturnType<typeof basicImageRequest>, { available: true }>;
  digest: string;
  account: string | undefined;
  baseImageLink: BaseImageLink | undefined;
}) {
  const { t } = useTranslation('detail');
  const [offset, setOffset] = useState(0);
  const limit = BASIC_IMAGE_PAGE_SIZE;
  const query = useBasicImage({ request, digest, account, offset, limit });

  if (query.isPending) {
    return (
      <p className="muted" role="status">
        {t('basicImage.loading')}
      </p>
    );
  }
  if (query.isError) {
    return <QueryErrorState query={query} title={t('basicImage.loadFailed')} />;
  }
  const answer = query.data;
  if (answer.state === 'queued') {
    return <QueuedNotice queued={answer.queued} what={t('basicImage.queuedWhat')} />;
  }
  const { total_num: total, data_list: rows } = answer.data;
  if (total === 0 && rows.length === 0) {
    return <p className="image-detail__empty">{t('basicImage.none')}</p>;
  }
  const last = offset + rows.length;
  return (
    <>
      <table className="image-detail__table">
        <caption className="visually-hidden">{t('basicImage.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('basicImage.os')}</th>
            <th scope="col">{t('basicImage.version')}</th>
            <th scope="col">{t('basicImage.layerDigest')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={`${row.layer_digest}:${index}`}>
              <td>
                {row.os_name && baseImageLink ? (
                  <Link
                    to={baseImageLink(row, account)}
                    title={t('basicImage.openBase', { base: `${row.os_name} ${row.os_version}` })}
                  >
                    {row.os_name}
                  </Link>
                ) : (
                  row.os_name || <span className="muted">—</span>
                )}
              </td>
              <td>{row.os_version || <span className="muted">—</span>}</td>
              <td className="image-detail__digest-cell">
                <CopyableValue
                  value={row.layer_digest}
                  label={t('basicImage.layerDigestCopy', { os: row.os_name })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > limit ? (
        <nav className="image-detail__pager" aria-label={t('basicImage.pages')}>
          <span className="muted">{t('basicImage.range', { first: offset + 1, last, total })}</span>
          <PageStepButtons
            offset={offset}
            pageSize={limit}
            total={total}
            busy={query.isFetching}
            onOffset={setOffset}
            back={t('basicImage.previous')}
            on={t('basicImage.next')}
          />
        </nav>
      ) : null}
    </>
  );
}
