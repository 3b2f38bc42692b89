import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { accountLabel } from '../../lib/account-label';
import type { Account, Provider } from '../../shared/contracts';

/** Account and provider names in the reader's language ("prod · 华为云 · cn-north-4"). */
export function useAccountWords(): {
  provider: (provider: Provider) => string;
  account: (account: Account) => string;
} {
  const { t } = useTranslation('lists');
  const provider = useCallback((name: Provider) => t(`accounts.providers.${name}`), [t]);
  const account = useCallback(
    (value: Account) =>
      accountLabel(value, { huawei: provider('huawei'), alibaba: provider('alibaba') }),
    [provider],
  );
  return { provider, account };
}
