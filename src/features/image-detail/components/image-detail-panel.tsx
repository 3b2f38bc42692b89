import { useCallback, useEffect, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { RichMessage } from '../../../i18n/rich-message';
import { useSearchParams } from 'react-router-dom';
import { Bytes, ImageMarkers } from '../../../components/cells';
import { QueryErrorState } from '../../../components/feedback';
import { formatImageReference, shortDigest } from '../../../lib/format';
import { patchSearchParams } from '../../../lib/url-state';
import type { CicdImageRow, RegistryImageRow } from '../../../shared/contracts';
import { useImageById } from '../api/get-image-by-id';
import { detailImageKey, swrRepositoryOf, type DetailImage } from '../detail-image';
import { ArchitecturesSection } from './architectures-section';
import { BasicImageSection, type BaseImageLink } from './basic-image-section';
import { IdentitySection } from './identity-section';
import { RegistrySection } from './registry-section';
import { RiskSection, ScanSection } from './scan-section';
import { SwrEnterpriseRepositoryNotice, SwrRepositorySection } from './swr-repository-section';
import './image-detail.css';

export type ImageDetailPanelProps = (
  { kind: 'registry'; rows: RegistryImageRow[] } | { kind: 'cicd'; rows: CicdImageRow[] }
) & {
  /** Where a basic image leads (the app's base-images page), given by the composition. */
  baseImageLink?: BaseImageLink | undefined;
};

/** The page's images as detail models, in display order (next/previous walk this list). */
function pageImages(props: ImageDetailPanelProps): DetailImage[] {
  return props.kind === 'registry'
    ? props.rows.map((image) => ({ kind: 'registry', image }))
    : props.rows.map((image) => ({ kind: 'cicd', image }));
}

/**
 * The open image (`image` in the URL) as a right-side drawer. Renders nothing without `image`.
 * The image comes from the list page when it is there, else from the BFF by its key, so a pasted
 * link works whatever page it lands on.
 */
export function ImageDetailPanel(props: ImageDetailPanelProps) {
  const [searchParams] = useSearchParams();
  const imageKey = searchParams.get('image');
  if (!imageKey) return null;
  return <OpenImageDetail {...props} imageKey={imageKey} />;
}

const isEditable = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

function focusRow(key: string): void {
  const row = document.querySelector<HTMLElement>(`[data-row-id="${CSS.escape(key)}"]`);
  row?.focus();
}

/** The open image and its neighbours on the page; an image not on the page is read by its key. */
function useOpenImage(props: ImageDetailPanelProps & { imageKey: string }) {
  const { imageKey, kind } = props;
  const [searchParams] = useSearchParams();
  const account = searchParams.get('account') ?? undefined;
  const images = pageImages(props);
  const index = images.findIndex((detail) => detailImageKey(detail) === imageKey);
  const fromPage = index >= 0 ? images[index] : undefined;
  const fetched = useImageById(kind, imageKey, account, fromPage === undefined);
  return {
    account,
    fetched,
    detail: fromPage ?? fetched.data,
    /** Where the image stands on the page; undefined when it came from a link. */
    position: index >= 0 ? { position: index + 1, count: images.length } : undefined,
    previous: index > 0 ? images[index - 1] : undefined,
    next: index >= 0 ? images[index + 1] : undefined,
  };
}

/**
 * The panel's ways to another image (the URL's `image`): open one, close, browse to a neighbour.
 * Focus moves to the title when the panel opens and back to the last image's row when it closes.
 */
function useImageNavigation(imageKey: string) {
  const [, setSearchParams] = useSearchParams();
  const titleRef = useRef<HTMLHeadingElement>(null);
  // The image shown last: focus goes back to its row on close (after browsing, the row browsed to).
  const lastKeyRef = useRef(imageKey);
  useEffect(() => {
    lastKeyRef.current = imageKey;
  }, [imageKey]);

  const showImage = useCallback(
    (key: string | undefined, options: { replace?: boolean } = {}) =>
      setSearchParams((current) => patchSearchParams(current, { image: key }), options),
    [setSearchParams],
  );
  const close = useCallback(() => showImage(undefined), [showImage]);
  // Browsing replaces the history entry: Back should leave the panel, not replay every j/k.
  const browse = useCallback(
    (target: DetailImage | undefined) => {
      if (target) showImage(detailImageKey(target), { replace: true });
    },
    [showImage],
  );

  useEffect(() => {
    titleRef.current?.focus();
    return () => focusRow(lastKeyRef.current);
  }, []);
  return { titleRef, showImage, close, browse };
}

/** Escape closes the panel; j/k and Alt+ArrowDown/Up browse (not while typing in a field). */
function useBrowseKeys(
  close: () => void,
  browse: (target: DetailImage | undefined) => void,
  previous: DetailImage | undefined,
  next: DetailImage | undefined,
): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        close();
        return;
      }
      if (isEditable(event.target)) return;
      const forward =
        (event.altKey && event.key === 'ArrowDown') || (!event.altKey && event.key === 'j');
      const backward =
        (event.altKey && event.key === 'ArrowUp') || (!event.altKey && event.key === 'k');
      if (forward || backward) {
        event.preventDefault();
        browse(forward ? next : previous);
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [browse, close, next, previous]);
}

function OpenImageDetail(props: ImageDetailPanelProps & { imageKey: string }) {
  const { imageKey, kind } = props;
  const { t } = useTranslation('detail');
  const { account, fetched, detail, position, previous, next } = useOpenImage(props);
  const { titleRef, showImage, close, browse } = useImageNavigation(imageKey);
  useBrowseKeys(close, browse, previous, next);

  return (
    <div
      className="image-detail"
      role="dialog"
      aria-modal="false"
      aria-labelledby="image-detail-title"
      data-image-key={imageKey}
    >
      <header className="image-detail__header">
        <DetailHeading kind={kind} imageKey={imageKey} detail={detail} titleRef={titleRef} />
        <BrowseButtons previous={previous} next={next} onBrowse={browse} onClose={close} />
        <p className="image-detail__position muted">
          {position ? t('position', position) : t('fromLink')}
        </p>
      </header>
      <div className="image-detail__body">
        {detail ? (
          <DetailSections
            detail={detail}
            account={account}
            baseImageLink={props.baseImageLink}
            onOpenAssociation={(id) => showImage(id)}
          />
        ) : fetched.isError ? (
          <QueryErrorState query={fetched} title={t('loadFailed')} />
        ) : (
          <p className="muted" role="status">
            {t('loading')}
          </p>
        )}
      </div>
    </div>
  );
}

/** The image's kind and namespace, its reference as the dialog's title, and its markers. */
function DetailHeading({
  kind,
  imageKey,
  detail,
  titleRef,
}: {
  kind: ImageDetailPanelProps['kind'];
  imageKey: string;
  detail: DetailImage | undefined;
  titleRef: RefObject<HTMLHeadingElement | null>;
}) {
  const { t } = useTranslation('detail');
  const title = detail
    ? formatImageReference('', detail.image.image_name, detail.image.image_version) || imageKey
    : imageKey;
  return (
    <div className="image-detail__heading">
      <p className="image-detail__kind">
        {t(`kind.${kind}`)}
        {detail?.image.namespace ? ` · ${detail.image.namespace}` : null}
      </p>
      <h2 id="image-detail-title" ref={titleRef} tabIndex={-1}>
        {title}
      </h2>
      {detail ? <Markers detail={detail} /> : null}
    </div>
  );
}

// The header's way to the neighbouring images on the page (keys handled by useBrowseKeys).
const BROWSE_BUTTONS = [
  { step: 'previous', arrow: '↑', shortcuts: 'k Alt+ArrowUp' },
  { step: 'next', arrow: '↓', shortcuts: 'j Alt+ArrowDown' },
] as const;

function BrowseButtons({
  previous,
  next,
  onBrowse,
  onClose,
}: {
  previous: DetailImage | undefined;
  next: DetailImage | undefined;
  onBrowse: (target: DetailImage | undefined) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('detail');
  return (
    <div className="image-detail__nav">
      {BROWSE_BUTTONS.map(({ step, arrow, shortcuts }) => {
        const target = step === 'previous' ? previous : next;
        return (
          <button
            key={step}
            type="button"
            className="button"
            onClick={() => onBrowse(target)}
            disabled={!target}
            aria-keyshortcuts={shortcuts}
            title={t(`browse.${step}Title`)}
          >
            <span aria-hidden="true">{arrow} </span>
            {t(`browse.${step}`)}
          </button>
        );
      })}
      <button
        type="button"
        className="button image-detail__close"
        onClick={onClose}
        aria-keyshortcuts="Escape"
        aria-label={t('browse.closeLabel')}
        title={t('browse.closeTitle')}
      >
        {t('browse.close')}
      </button>
    </div>
  );
}

function Markers({ detail }: { detail: DetailImage }) {
  const { t } = useTranslation('detail');
  const { image } = detail;
  const multiArch = detail.kind === 'registry' && detail.image.is_multiple_arch;
  return (
    <p className="image-detail__markers">
      <ImageMarkers
        latest={image.latest_version}
        multiArch={multiArch}
        member={
          detail.kind === 'registry' && detail.image.multi_arch?.role === 'member' ? {} : undefined
        }
      />
      <span className="image-detail__size">
        {t('size')} <Bytes value={image.image_size} />
      </span>
    </p>
  );
}

/** A member's way back to its multi-architecture image (which lists it under Architectures). */
function ParentLink({
  parentId,
  parentDigest,
  onOpen,
}: {
  parentId: string;
  parentDigest: string;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation('detail');
  return (
    <p className="image-detail__parent" role="note">
      <RichMessage
        ns="detail"
        i18nKey="parent"
        values={{ parent: parentDigest ? shortDigest(parentDigest) : `#${parentId}` }}
        components={{
          open: (
            <button
              type="button"
              className="image-detail__link"
              onClick={() => onOpen(parentId)}
              title={t('open', { what: parentDigest || parentId })}
            />
          ),
        }}
      />
    </p>
  );
}

function DetailSections({
  detail,
  account,
  baseImageLink,
  onOpenAssociation,
}: {
  detail: DetailImage;
  account: string | undefined;
  baseImageLink: BaseImageLink | undefined;
  onOpenAssociation: (id: string) => void;
}) {
  const swr = swrRepositoryOf(detail);
  const associations = detail.kind === 'registry' ? detail.image.association_images : [];
  const multiArch = detail.kind === 'registry' && detail.image.is_multiple_arch;
  const family = detail.kind === 'registry' ? detail.image.multi_arch : undefined;
  return (
    <>
      {family?.role === 'member' ? (
        <ParentLink
          parentId={family.parent_id}
          parentDigest={family.parent_digest}
          onOpen={onOpenAssociation}
        />
      ) : null}
      <IdentitySection detail={detail} />
      <ScanSection detail={detail} />
      <RiskSection detail={detail} />
      {multiArch || associations.length > 0 ? (
        <ArchitecturesSection associations={associations} onOpen={onOpenAssociation} />
      ) : null}
      <BasicImageSection detail={detail} account={account} baseImageLink={baseImageLink} />
      <RegistrySection detail={detail} />
      {swr ? (
        swr.edition === 'enterprise' ? (
          <SwrEnterpriseRepositoryNotice instanceName={swr.instanceName} />
        ) : (
          <SwrRepositorySection
            namespace={swr.namespace}
            repository={swr.repository}
            account={account}
          />
        )
      ) : null}
    </>
  );
}
