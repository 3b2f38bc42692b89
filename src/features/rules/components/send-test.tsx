// Send test: the rule's sample message now, and what came of it (status, HTTP code, reason).
import { useTranslation } from 'react-i18next';
import { ErrorLine } from '../../../components/feedback';
import { useTestRule } from '../api/rules';
import { DeliveryStatusBadge } from './delivery-status-badge';

export function SendTest({ id }: { id: string }) {
  const { t } = useTranslation('rules');
  const test = useTestRule(id);
  const outcome = test.data;
  return (
    <div className="send-test">
      <button
        type="button"
        className="button button--primary"
        disabled={test.isPending}
        onClick={() => test.mutate()}
      >
        {test.isPending ? t('test.sending') : t('test.button')}
      </button>
      <div className="send-test__outcome" role="status">
        {outcome ? (
          <>
            <DeliveryStatusBadge status={outcome.delivery.status} />
            <span>
              {outcome.delivery.http_status === null
                ? t('test.noAnswer')
                : t('test.httpStatus', { status: outcome.delivery.http_status })}
            </span>
            {outcome.delivery.reason ? (
              <span className="send-test__reason">{outcome.delivery.reason}</span>
            ) : null}
          </>
        ) : null}
      </div>
      {test.isError ? <ErrorLine error={test.error} /> : null}
    </div>
  );
}
