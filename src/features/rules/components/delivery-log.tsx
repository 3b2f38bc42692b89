// A rule's delivery log, newest first: when, status, attempts, HTTP status, events; a sample
// message from Send test is marked as such.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryErrorState } from '../../../components/feedback';
import { NewerOlderPagination } from '../../../components/layout';
import { useFormatters } from '../../../i18n/format';
import { DELIVERIES_LIMIT } from '../../../shared/contracts/facts';
import { useDeliveries } from '../api/rules';
import { DeliveryStatusBadge } from './delivery-status-badge';

export function DeliveryLog({ id }: { id: string }) {
  const { t } = useTranslation('rules');
  const format = useFormatters();
  const [offset, setOffset] = useState(0);
  const limit = DELIVERIES_LIMIT.default;
  const deliveries = useDeliveries(id, offset, limit);
  if (deliveries.isError)
    return <QueryErrorState query={deliveries} title={t('deliveries.failed')} />;
  const page = deliveries.data;
  if (page === undefined)
    return (
      <p className="muted" role="status">
        {t('loading')}
      </p>
    );
  if (page.data_list.length === 0) return <p className="muted">{t('deliveries.empty')}</p>;
  return (
    <>
      <div className="plain-table">
        <table>
          <caption className="visually-hidden">{t('deliveries.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('deliveries.at')}</th>
              <th scope="col">{t('deliveries.status')}</th>
              <th scope="col" className="num">
                {t('deliveries.attempts')}
              </th>
              <th scope="col" className="num">
                {t('deliveries.httpStatus')}
              </th>
              <th scope="col" className="num">
                {t('deliveries.events')}
              </th>
              <th scope="col">{t('deliveries.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {page.data_list.map((delivery) => (
              <tr key={delivery.id}>
                <td>
                  <time dateTime={new Date(delivery.at).toISOString()}>
                    {format.exactTime(delivery.at)}
                  </time>
                </td>
                <td>
                  <DeliveryStatusBadge status={delivery.status} />
                </td>
                <td className="num">{format.number(delivery.attempts)}</td>
                <td className="num">{delivery.http_status ?? '—'}</td>
                <td className="num">
                  {delivery.test ? t('deliveries.test') : format.number(delivery.event_count)}
                </td>
                <td>
                  {delivery.reason ? <span>{delivery.reason}</span> : null}
                  {delivery.next_attempt_at !== null ? (
                    <span className="muted">
                      {' '}
                      {t('deliveries.nextAttempt', {
                        at: format.exactTime(delivery.next_attempt_at),
                      })}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <NewerOlderPagination
        namespace="rules"
        keyPrefix="deliveries"
        page={page}
        offset={offset}
        pageSize={limit}
        onOffset={setOffset}
      />
    </>
  );
}
