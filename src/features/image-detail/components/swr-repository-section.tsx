import { Bytes, Count } from '../../../components/cells';
import { QueryErrorState } from '../../../components/feedback';
import { formatExactTime, formatRelativeTime } from '../../../lib/format';
import { useSwrRepository } from '../api/get-swr-repository';
import { CopyableValue, DetailSection, Field, FieldList } from './detail-fields';
import { QueuedNotice } from './queued-notice';

/** SWR's `created`/`updated` are date-time strings ("2024-03-01T08:00:00Z"); shown as given when unparsable. */
function DateText({ value }: { value: string }) {
  const epochMs = Date.parse(value);
  if (!value) return <span className="muted">—</span>;
  if (Number.isNaN(epochMs)) return <span>{value}</span>;
  return (
    <time dateTime={new Date(epochMs).toISOString()} title={formatExactTime(epochMs)}>
      {formatRelativeTime(epochMs)}
      <span className="muted image-detail__sub"> · {formatExactTime(epochMs)}</span>
    </time>
  );
}

interface SwrRepositorySectionProps {
  namespace: string;
  repository: string;
  account: string | undefined;
}

/** Facts on the SWR repository the image lives in (SWR ShowRepository). */
export function SwrRepositorySection({
  namespace,
  repository,
  account,
}: SwrRepositorySectionProps) {
  const query = useSwrRepository(namespace, repository, account);
  return (
    <DetailSection id="repository" title="Repository" aside={`${namespace}/${repository}`}>
      {query.isPending ? (
        <p className="muted" role="status">
          Loading the repository…
        </p>
      ) : query.isError ? (
        <QueryErrorState query={query} title="The repository facts could not be loaded" />
      ) : query.data.state === 'queued' ? (
        <QueuedNotice queued={query.data.queued} what="the repository facts" />
      ) : (
        <FieldList>
          <Field label="Category">{query.data.data.category}</Field>
          <Field label="Size">
            <Bytes value={query.data.data.size} />
          </Field>
          <Field label="Visibility">{query.data.data.is_public ? 'Public' : 'Private'}</Field>
          <Field label="Images">
            <Count value={query.data.data.num_images} />
          </Field>
          <Field label="Downloads">
            <Count value={query.data.data.num_download} />
          </Field>
          <Field label="Pull path">
            <CopyableValue value={query.data.data.path} label="external pull path" />
          </Field>
          <Field label="Internal pull path">
            <CopyableValue value={query.data.data.internal_path} label="internal pull path" />
          </Field>
          <Field label="Created">
            <DateText value={query.data.data.created} />
          </Field>
          <Field label="Updated">
            <DateText value={query.data.data.updated} />
          </Field>
        </FieldList>
      )}
    </DetailSection>
  );
}

/**
 * In place of the repository facts for an image of an SWR Enterprise Edition instance: SWR's
 * ShowRepository describes basic-edition repositories only, so nothing is asked.
 */
export function SwrEnterpriseRepositoryNotice({ instanceName }: { instanceName: string }) {
  return (
    <DetailSection id="repository" title="Repository" aside="SWR Enterprise Edition">
      <p className="muted" data-testid="swr-enterprise-notice">
        This image is in an SWR Enterprise Edition instance
        {instanceName ? ` (${instanceName})` : ''}. Repository facts come from SWR&apos;s basic
        edition API, which does not cover enterprise instances, so none are shown here.
      </p>
    </DetailSection>
  );
}
