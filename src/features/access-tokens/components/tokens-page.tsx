// The /tokens page: create a personal API token (shown once, with a copy button), list the
// tokens with their last use, revoke one.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorLine, QueryContent } from '../../../components/feedback';
import { PageHeader, PlainTable } from '../../../components/layout';
import { useFormatters } from '../../../i18n/format';
import type { ApiTokenSummary, CreatedApiToken } from '../../../shared/contracts/facts';
import { useApiTokens, useCreateApiToken, useRevokeApiToken } from '../api/tokens';
import '../tokens.css';

export function TokensPage() {
  const { t } = useTranslation('access');
  const tokens = useApiTokens();
  return (
    <div className="tokens">
      <PageHeader title={t('tokens.title')} lead={t('tokens.lead')} />
      <CreateTokenForm />
      <QueryContent
        query={tokens}
        text={{
          failed: t('tokens.failed'),
          loading: t('tokens.loading'),
          empty: t('tokens.empty'),
        }}
        isEmpty={(found) => found.length === 0}
      >
        {(found) => <TokensTable tokens={found} />}
      </QueryContent>
    </div>
  );
}

/** End of the chosen day in the browser's time zone, as epoch ms. */
function endOfDay(date: string): number {
  return new Date(`${date}T23:59:59`).getTime();
}

function CreateTokenForm() {
  const { t } = useTranslation('access');
  const create = useCreateApiToken();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [created, setCreated] = useState<CreatedApiToken | undefined>(undefined);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(undefined);
    create.mutate(
      { name, ...(expires === '' ? {} : { expires_at: endOfDay(expires) }) },
      {
        onSuccess: (token) => {
          setCreated(token);
          setName('');
          setExpires('');
        },
      },
    );
  };
  return (
    <section className="tokens__create">
      <form className="tokens__form" onSubmit={onSubmit}>
        <label>
          <span>{t('tokens.name')}</span>
          <input
            type="text"
            required
            maxLength={100}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <label>
          <span>{t('tokens.expires')}</span>
          <input type="date" value={expires} onChange={(event) => setExpires(event.target.value)} />
        </label>
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {t(create.isPending ? 'tokens.creating' : 'tokens.create')}
        </button>
      </form>
      {create.isError ? <ErrorLine error={create.error} /> : null}
      {created ? <CreatedToken token={created} /> : null}
    </section>
  );
}

function CreatedToken({ token }: { token: CreatedApiToken }) {
  const { t } = useTranslation('access');
  const [copied, setCopied] = useState(false);
  return (
    <div className="tokens__created" role="status">
      <p className="state__title">{t('tokens.createdTitle')}</p>
      <p>{t('tokens.createdHint')}</p>
      <div className="tokens__secret">
        <code data-testid="created-token">{token.token}</code>
        <button
          type="button"
          className="button"
          onClick={() => {
            void navigator.clipboard.writeText(token.token).then(() => setCopied(true));
          }}
        >
          {t(copied ? 'tokens.copied' : 'tokens.copy')}
        </button>
      </div>
    </div>
  );
}

const TOKEN_COLUMNS = [
  'name',
  'owner',
  'role',
  'created',
  'lastUsed',
  'expires',
  'actions',
] as const;

function TokensTable({ tokens }: { tokens: ApiTokenSummary[] }) {
  const { t } = useTranslation('access');
  const format = useFormatters();
  const revoke = useRevokeApiToken();
  const never = t('tokens.never');
  const time = (at: number | null, none: string) =>
    at === null ? none : <time dateTime={new Date(at).toISOString()}>{format.exactTime(at)}</time>;
  return (
    <PlainTable
      caption={t('tokens.title')}
      columns={TOKEN_COLUMNS.map((column) => t(`tokens.table.${column}`))}
    >
      {tokens.map((token) => (
        <tr key={token.id}>
          <th scope="row">{token.name}</th>
          <td>{token.user}</td>
          <td>{t(`roles.${token.role}`)}</td>
          <td className="nowrap">{time(token.created_at, never)}</td>
          <td className="nowrap">{time(token.last_used_at, never)}</td>
          <td className="nowrap">{time(token.expires_at, t('tokens.noExpiry'))}</td>
          <td>
            <button
              type="button"
              className="button button--danger"
              aria-label={t('tokens.revokeLabel', { name: token.name })}
              disabled={revoke.isPending && revoke.variables === token.id}
              onClick={() => revoke.mutate(token.id)}
            >
              {t('tokens.revoke')}
            </button>
          </td>
        </tr>
      ))}
    </PlainTable>
  );
}
