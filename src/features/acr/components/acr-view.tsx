import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { RichMessage } from '../../../i18n/rich-message';
import { useSearchParams } from 'react-router-dom';
import { ErrorState, IgnoredParams } from '../../../components/feedback';
import { useFormatters } from '../../../i18n/format';
import type { QueryRecord } from '../../../shared/contracts';
import { accountLabel } from '../../../lib/account-label';
import { isTagListView, TAG_LIST_VIEW } from '../acr-tag-list-state';
import { repositoriesRequest, tagsRequest, type AcrPageQuery } from '../acr-url-state';
import { useAcrRepositories } from '../api/get-acr-repositories';
import { useAcrPage, type AcrAccountState } from '../use-acr-page';
import { InstancePicker } from './instance-picker';
import { RepositoriesPanel } from './repositories-panel';
import { RepositoryTags } from './repository-tags';
import { TagListPanel } from './tag-list-panel';
import './acr.css';
import { PageHeader } from '../../../components/layout';

function scopeOf(query: AcrPageQuery, accountId: string): QueryRecord {
  return query.InstanceId
    ? { account: accountId, InstanceId: query.InstanceId }
    : { account: accountId };
}

/** Alibaba Cloud ACR: pick account and instance, browse repositories, open one for its tags. */
export function AcrView() {
  const { t } = useTranslation('acr');
  const format = useFormatters();
  const { query, ignored, patch, accountState, pushAccount } = useAcrPage();
  const account = accountState.kind === 'ready' ? accountState.account : undefined;
  const [searchParams] = useSearchParams();
  const showsTags = isTagListView(searchParams);
  const request = account ? repositoriesRequest(query, account.id) : undefined;
  // The repository list also tells which instance the account's default is.
  // Not asked while the mirrored tags are shown: those spend no ACR budget.
  const repositories = useAcrRepositories(showsTags ? undefined : request);
  const shownInstance =
    query.InstanceId ?? repositories.data?.Repositories[0]?.InstanceId ?? undefined;

  const setInstance = useCallback(
    (instanceId: string | undefined) =>
      // Another instance has other repositories: its page and open repository do not apply.
      patch({ InstanceId: instanceId ?? null, PageNo: null, repo: null, tagPageNo: null }),
    [patch],
  );

  return (
    <>
      <PageHeader title={t('page.title')} lead={t('page.lead')}>
        <p className="page-header__meta">
          {account && repositories.data && !query.repo && !showsTags ? (
            <>
              <RichMessage
                ns="acr"
                i18nKey="page.repositoryTotal"
                values={{
                  count: format.number(repositories.data.TotalCount),
                  total: repositories.data.TotalCount,
                }}
                components={{ strong: <strong /> }}
              />{' '}
              · {accountLabel(account)}
            </>
          ) : account ? (
            accountLabel(account)
          ) : null}
        </p>
      </PageHeader>
      <IgnoredParams issues={ignored} />
      <AccountGate state={accountState} onPick={pushAccount} />
      {account ? (
        <ViewSwitch
          showsTags={showsTags}
          onChange={(tags) => patch({ view: tags ? TAG_LIST_VIEW : null })}
        />
      ) : null}
      {account && showsTags ? (
        <>
          <p className="muted">{t('tagList.lead')}</p>
          <TagListPanel accountId={account.id} />
        </>
      ) : account && request ? (
        <>
          <InstancePicker
            override={query.InstanceId}
            shownInstance={shownInstance}
            onChange={setInstance}
          />
          {query.repo ? (
            <RepositoryTags
              key={query.repo}
              repoId={query.repo}
              query={query}
              scope={scopeOf(query, account.id)}
              tagRequest={tagsRequest(query, account.id)}
              accountId={account.id}
              patch={patch}
            />
          ) : (
            <RepositoriesPanel query={query} repositories={repositories} patch={patch} />
          )}
        </>
      ) : null}
    </>
  );
}

/** The page's two views: the repositories (asked of ACR) and every mirrored tag. */
function ViewSwitch({
  showsTags,
  onChange,
}: {
  showsTags: boolean;
  onChange: (tags: boolean) => void;
}) {
  const { t } = useTranslation('acr');
  return (
    <div className="acr-views" role="group" aria-label={t('views.label')}>
      {([false, true] as const).map((tags) => (
        <button
          key={String(tags)}
          type="button"
          className="button"
          aria-pressed={showsTags === tags}
          onClick={() => onChange(tags)}
        >
          {t(tags ? 'views.tags' : 'views.repositories')}
        </button>
      ))}
    </div>
  );
}

/** What to do when the page has no Alibaba Cloud account to show. */
function AccountGate({
  state,
  onPick,
}: {
  state: AcrAccountState;
  onPick: (accountId: string) => void;
}) {
  const { t } = useTranslation('acr');
  switch (state.kind) {
    case 'ready':
      return null;
    case 'loading':
      return (
        <p className="muted" role="status">
          {t('accounts.loading')}
        </p>
      );
    case 'failed':
      return <ErrorState error={state.error} title={t('accounts.failed')} onRetry={state.retry} />;
    case 'none':
      return (
        <div className="state">
          <h2 className="state__title">{t('accounts.noneTitle')}</h2>
          <p>
            <RichMessage ns="acr" i18nKey="accounts.noneBody" components={{ code: <code /> }} />
          </p>
        </div>
      );
    case 'wrong-provider':
      return (
        <div className="state">
          <h2 className="state__title">
            {t('accounts.wrongProviderTitle', { account: accountLabel(state.account) })}
          </h2>
          <p>{t('accounts.wrongProviderBody')}</p>
          <p className="placeholder__links">
            {state.alibabaAccounts.map((candidate) => (
              <button
                key={candidate.id}
                type="button"
                className="button button--primary"
                onClick={() => onPick(candidate.id)}
              >
                {accountLabel(candidate)}
              </button>
            ))}
          </p>
        </div>
      );
  }
}
