import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccountWords } from '../use-account-label';
import { useCurrentAccount } from '../use-current-account';

export function AccountSelector() {
  // The glossary's "account": the parameter's name in the common catalogue.
  const { t } = useTranslation('common');
  const words = useAccountWords();
  const id = useId();
  const { accounts, current, setAccount } = useCurrentAccount();
  if (accounts.length === 0) return null;
  return (
    <div className="account-selector">
      <label htmlFor={id}>{t('parameters.account')}</label>
      <select
        id={id}
        value={current?.id ?? ''}
        onChange={(event) => setAccount(event.target.value)}
      >
        {accounts.map((account) => (
          <option key={account.id} value={account.id}>
            {words.account(account)}
          </option>
        ))}
      </select>
    </div>
  );
}
