// /rules/new and /rules/:id: the rule's form; for a stored rule also Send test with its outcome,
// the delivery log and deletion after a confirmation.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Allowed, RoleNeeded } from '../../../components/access';
import { ConfirmGroup, ErrorLine, QueryErrorState } from '../../../components/feedback';
import { API_ROUTES, APP_ROUTES } from '../../../shared/contracts/facts';
import type { WatchRule } from '../../../shared/contracts/rules';
import { useDeleteRule, useRule, useSaveRule } from '../api/rules';
import { formFromRule, newRuleForm } from '../rule-form-state';
import { DeliveryLog } from './delivery-log';
import { RuleFormView, type ViewChoice } from './rule-form';
import {
  ChannelSummary,
  RuleSource,
  modeText,
  rulePageHref,
  type RulesPageProps,
} from './rules-page';
import { SendTest } from './send-test';
import '../rules.css';
import { PageHeader } from '../../../components/layout';

export function RulePage(props: RulesPageProps) {
  const { id } = useParams();
  return id === undefined || id === 'new' ? (
    <NewRule views={props.views} />
  ) : (
    <StoredRule id={id} {...props} />
  );
}

function BackLink() {
  const { t } = useTranslation('rules');
  return (
    <Link className="rules__back" to={APP_ROUTES.rules}>
      {t('back')}
    </Link>
  );
}

function NewRule({ views }: { views: ViewChoice[] }) {
  const { t } = useTranslation('rules');
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const save = useSaveRule();
  const viewId = searchParams.get('view_id');
  const fromView = views.find((view) => view.id === viewId);
  // The saved views arrive after the page: the form starts once it knows the view asked for.
  if (viewId !== null && views.length === 0) return null;
  return (
    <div className="rules">
      <BackLink />
      <PageHeader title={t('newTitle')} lead={t('newLead')} />
      <RoleNeeded method="POST" route={API_ROUTES.rules} action={t('createNeedsRole')}>
        <section className="rules__panel" aria-label={t('settings')}>
          <RuleFormView
            initial={newRuleForm(fromView)}
            views={views}
            pending={save.isPending}
            error={save.error}
            submitLabel={t('form.create')}
            onSubmit={(body) =>
              save.mutate(
                { body },
                { onSuccess: (rule) => void navigate(rulePageHref(rule.id), { replace: true }) },
              )
            }
          />
        </section>
      </RoleNeeded>
    </div>
  );
}

function StoredRule({ id, views, renderFilters }: { id: string } & RulesPageProps) {
  const { t } = useTranslation('rules');
  const rule = useRule(id);
  if (rule.isError)
    return (
      <div className="rules">
        <BackLink />
        <QueryErrorState query={rule} title={t('ruleFailed')} />
      </div>
    );
  if (rule.data === undefined)
    return (
      <p className="muted" role="status">
        {t('loading')}
      </p>
    );
  const data = rule.data;
  return (
    <div className="rules">
      <BackLink />
      <PageHeader
        title={data.name}
        lead={
          <>
            <RuleSource rule={data} views={views} renderFilters={renderFilters} />
            <span aria-hidden="true">·</span>
            <ChannelSummary channel={data.channel} />
            <span aria-hidden="true">·</span>
            <span>{modeText(t, data)}</span>
          </>
        }
        leadClassName="rules__summary"
      >
        <Allowed method="POST" route={API_ROUTES.ruleTest}>
          <SendTest id={data.id} />
        </Allowed>
      </PageHeader>
      <div className="rules__columns">
        <section className="rules__panel" aria-labelledby="rule-deliveries">
          <h2 id="rule-deliveries">{t('deliveries.title')}</h2>
          <DeliveryLog id={data.id} />
        </section>
        <section className="rules__panel" aria-labelledby="rule-settings">
          <h2 id="rule-settings">{t('settings')}</h2>
          <RoleNeeded method="PUT" route={API_ROUTES.rule} action={t('changeNeedsRole')}>
            <EditRule rule={data} views={views} />
          </RoleNeeded>
        </section>
      </div>
    </div>
  );
}

function EditRule({ rule, views }: { rule: WatchRule; views: ViewChoice[] }) {
  const { t } = useTranslation('rules');
  const save = useSaveRule();
  const [saved, setSaved] = useState(false);
  // A new form after each save: the URL and secret fields empty again ("unchanged").
  const [generation, setGeneration] = useState(0);
  return (
    <>
      <RuleFormView
        key={generation}
        initial={formFromRule(rule)}
        stored={rule.channel}
        views={views}
        pending={save.isPending}
        error={save.error}
        submitLabel={t('form.save')}
        onSubmit={(body) => {
          setSaved(false);
          save.mutate(
            { id: rule.id, body },
            {
              onSuccess: () => {
                setSaved(true);
                setGeneration((n) => n + 1);
              },
            },
          );
        }}
      />
      {saved ? (
        <p role="status" className="rules__saved">
          {t('form.saved')}
        </p>
      ) : null}
      <DeleteRule rule={rule} />
    </>
  );
}

function DeleteRule({ rule }: { rule: WatchRule }) {
  const { t } = useTranslation('rules');
  const navigate = useNavigate();
  const remove = useDeleteRule();
  const [confirming, setConfirming] = useState(false);
  if (!confirming)
    return (
      <div className="rules__delete">
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          {t('delete')}
        </button>
      </div>
    );
  return (
    <ConfirmGroup
      className="rules__delete"
      question={t('confirmDelete', { name: rule.name })}
      pending={remove.isPending}
      onConfirm={() =>
        remove.mutate(rule.id, {
          onSuccess: () => void navigate(APP_ROUTES.rules, { replace: true }),
        })
      }
      onCancel={() => setConfirming(false)}
    >
      {remove.isError ? <ErrorLine error={remove.error} /> : null}
    </ConfirmGroup>
  );
}
