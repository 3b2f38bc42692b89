import { useId } from 'react';
import { accountLabel } from '../../../lib/account-label';
import { useCurrentAccount } from '../use-current-account';

export function AccountSelector() {
  const id = useId();
  const { accounts, current, setAccount } = useCurrentAccount();
  if (accounts.length === 0) return null;
  return (
    <div className="account-selector">
      <label htmlFor={id}>Account</label>
      <select
        id={id}
        value={current?.id ?? ''}
        onChange={(event) => setAccount(event.target.value)}
      >
        {accounts.map((account) => (
          <option key={account.id} value={account.id}>
            {accountLabel(account)}
          </option>
        ))}
      </select>
    </div>
  );
}
