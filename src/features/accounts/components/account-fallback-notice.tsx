import { useTranslation } from 'react-i18next';
import { useAccountWords } from '../use-account-label';
import type { AccountFallback } from '../use-page-account';

/** Says that the link's account belongs to another provider, and which account is shown instead. */
export function AccountFallbackNotice({ fallback }: { fallback: AccountFallback }) {
  const { t } = useTranslation('lists');
  const words = useAccountWords();
  const { named, requested, to } = fallback;
  return (
    <div className="notice" role="status" data-testid="account-fallback">
      {t('accounts.fallback', {
        named: named ? 'yes' : 'no',
        requested: named ? words.account(named) : requested,
        provider: named ? words.provider(named.provider) : '',
        hasDefault: to ? 'yes' : 'no',
        defaultProvider: to ? words.provider(to.provider) : '',
        defaultAccount: to ? words.account(to) : '',
      })}
    </div>
  );
}
