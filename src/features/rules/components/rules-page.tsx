// The /rules page: every watch rule with what it watches, its event types, channel (masked URL),
// mode and last delivery; each opens its own page (form, Send test, delivery log).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Allowed } from '../../../components/access';
import { CollectionPage, collectionPageText } from '../../../components/layout';
import { useFormatters } from '../../../i18n/format';
import { API_ROUTES, APP_ROUTES, fillPath } from '../../../shared/contracts/facts';
import type { WatchRule } from '../../../shared/contracts/rules';
import { useRules } from '../api/rules';
import type { ViewChoice } from './rule-form';
import { DeliveryStatusBadge } from './delivery-status-badge';
import '../rules.css';

export interface RulesPageProps {
  views: ViewChoice[];
  /** A list query's filters in words (the saved views' summary). */
  renderFilters: (query: string) => ReactNode;
}

export const rulePageHref = (id: string) => fillPath(APP_ROUTES.rule, { id });

export function RulesPage({ views, renderFilters }: RulesPageProps) {
  const { t } = useTranslation('rules');
  return (
    <CollectionPage
      className="rules"
      text={collectionPageText(t)}
      query={useRules()}
      action={
        <Allowed method="POST" route={API_ROUTES.rules}>
          <Link className="button button--primary" to={rulePageHref('new')}>
            {t('newRule')}
          </Link>
        </Allowed>
      }
      columns={[
        t('table.name'),
        t('table.watches'),
        t('table.eventTypes'),
        t('table.channel'),
        t('table.mode'),
        t('table.lastDelivery'),
      ]}
      rows={(rules) =>
        rules.map((rule) => (
          <RuleRow key={rule.id} rule={rule} views={views} renderFilters={renderFilters} />
        ))
      }
    />
  );
}

function RuleRow({ rule, views, renderFilters }: { rule: WatchRule } & RulesPageProps) {
  const { t } = useTranslation('rules');
  const format = useFormatters();
  return (
    <tr>
      <th scope="row">
        <Link to={rulePageHref(rule.id)}>{rule.name}</Link>
      </th>
      <td>
        <RuleSource rule={rule} views={views} renderFilters={renderFilters} />
      </td>
      <td>{rule.event_types.map((type) => t(`eventTypes.${type}`)).join(t('listSeparator'))}</td>
      <td>
        <ChannelSummary channel={rule.channel} />
      </td>
      <td>{modeText(t, rule)}</td>
      <td>
        {rule.last_delivery ? (
          <span className="rules__last">
            <DeliveryStatusBadge
              status={rule.last_delivery.status}
              title={rule.last_delivery.reason ?? undefined}
            />
            <time dateTime={new Date(rule.last_delivery.at).toISOString()}>
              {format.relativeTime(rule.last_delivery.at)}
            </time>
          </span>
        ) : (
          <span className="muted">{t('noDelivery')}</span>
        )}
      </td>
    </tr>
  );
}

export function modeText(
  t: (key: string, values?: Record<string, unknown>) => string,
  rule: Pick<WatchRule, 'mode' | 'digest_minutes'>,
): string {
  return rule.mode === 'digest'
    ? t('digestEvery', { minutes: rule.digest_minutes ?? 0 })
    : t('modes.immediate');
}

/** What a rule watches: its saved view (by name), or its list and filters. */
export function RuleSource({ rule, views, renderFilters }: { rule: WatchRule } & RulesPageProps) {
  const { t } = useTranslation('rules');
  if (rule.view_id !== null) {
    const view = views.find((one) => one.id === rule.view_id);
    return (
      <span>
        {view
          ? t('watchesView', { name: view.name, list: t(`lists.${view.list}`) })
          : t('watchesMissingView', { id: rule.view_id })}
      </span>
    );
  }
  return (
    <div className="rules__source">
      <span>{t(`lists.${rule.list ?? 'registry'}`)}</span>
      {renderFilters(rule.query ?? '')}
    </div>
  );
}

export function ChannelSummary({ channel }: { channel: WatchRule['channel'] }) {
  const { t } = useTranslation('rules');
  return (
    <span className="rules__channel">
      <span>{t(`channels.${channel.type}`)}</span>
      <code className="rules__url">{channel.url_masked}</code>
      {channel.has_secret ? <span className="muted">{t('secretSet')}</span> : null}
    </span>
  );
}
