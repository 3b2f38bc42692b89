// Small, feature-agnostic cell renderers shared by the image tables; their words come from the
// `table` catalogue, their figures and times from the formatters of the current language.
import { useFixedT } from '../../i18n/translator';
import { useFormatters } from '../../i18n/format';
import { formatImageReference, isoInstant, shortDigest, type EpochMsValue } from '../../lib/format';

interface ImageReferenceProps {
  namespace: string;
  name: string;
  tag: string;
  digest?: string;
  latest?: boolean;
  multiArch?: boolean;
  /** One architecture of a multi-architecture image: its parent's digest. */
  memberOf?: string | undefined;
}

/** "namespace/name:tag" on one line (truncated with the full text on hover) and its markers. */
export function ImageReference({
  namespace,
  name,
  tag,
  digest,
  latest,
  multiArch,
  memberOf,
}: ImageReferenceProps) {
  const reference = formatImageReference(namespace, name, tag);
  // A family shares name and tag: the digest is what tells its rows apart.
  const showDigest = Boolean(digest) && (multiArch === true || memberOf !== undefined);
  return (
    <span className="image-ref">
      <span className="image-ref__lines">
        <span className="image-ref__text" title={digest ? `${reference}\n${digest}` : reference}>
          {namespace ? <span className="image-ref__ns">{namespace}/</span> : null}
          <span className="image-ref__name">{name}</span>
          {tag ? <ImageTag tag={tag} /> : null}
        </span>
        {/* On a line of its own, so the name keeps its room in a family's rows. */}
        {showDigest && digest ? (
          <span className="image-ref__digest">@{shortDigest(digest)}</span>
        ) : null}
      </span>
      <ImageMarkers
        latest={latest}
        multiArch={multiArch}
        member={memberOf === undefined ? undefined : { of: memberOf }}
      />
    </span>
  );
}

/**
 * An image's markers: the latest version, a multi-architecture image, one of its architectures
 * (`member.of`: its parent's digest, when known).
 */
export function ImageMarkers({
  latest,
  multiArch,
  member,
}: {
  latest?: boolean | undefined;
  multiArch?: boolean | undefined;
  member?: { of?: string } | undefined;
}) {
  const t = useFixedT('table');
  return (
    <>
      {latest ? (
        <span className="marker" title={t('cells.latestTitle')}>
          {t('cells.markerLatest')}
        </span>
      ) : null}
      {multiArch ? (
        <span className="marker" title={t('cells.multiArchTitle')}>
          {t('cells.markerMultiArch')}
        </span>
      ) : null}
      {member ? (
        <span
          className="marker marker--member"
          title={
            member.of === undefined
              ? t('cells.memberTitle')
              : t('cells.memberOfTitle', { parent: member.of })
          }
        >
          {t('cells.markerMember')}
        </span>
      ) : null}
    </>
  );
}

/** Characters of a long tag that stay in view however narrow the column ("…0269cb6"). */
const TAG_TAIL = 7;

/**
 * A tag truncated in the middle: its start shrinks behind an ellipsis while its end (a date or
 * commit suffix, what tells tags apart) stays; the whole reference is on hover and row focus.
 */
function ImageTag({ tag }: { tag: string }) {
  const split = tag.length > TAG_TAIL + 3 ? tag.length - TAG_TAIL : tag.length;
  return (
    <span className="image-ref__tag">
      <span className="image-ref__tag-head">:{tag.slice(0, split)}</span>
      {split < tag.length ? <span className="image-ref__tag-tail">{tag.slice(split)}</span> : null}
    </span>
  );
}

/** A count, muted when zero so the non-zero ones stand out. */
export function Count({ value }: { value: number }) {
  const format = useFormatters();
  return <span className={value === 0 ? 'muted' : 'count'}>{format.number(value)}</span>;
}

export function Bytes({ value }: { value: number }) {
  const t = useFixedT('table');
  const format = useFormatters();
  if (value <= 0) return <span className="muted">{t('cells.none')}</span>;
  return (
    <span title={t('cells.bytes', { count: format.number(value) })}>{format.bytes(value)}</span>
  );
}

/** A relative time with the exact local time (and its zone) on hover; "never" when missing. */
export function RelativeTime({ epochMs, never }: { epochMs: EpochMsValue | null; never?: string }) {
  const t = useFixedT('table');
  const format = useFormatters();
  if (epochMs === null) return <span className="muted">{never ?? t('cells.never')}</span>;
  return (
    <time dateTime={isoInstant(epochMs)} title={format.exactTime(epochMs)}>
      {format.relativeTime(epochMs)}
    </time>
  );
}
