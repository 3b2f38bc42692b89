import { RichMessage } from '../../../i18n/rich-message';
import { useAccounts } from '../../../lib/get-accounts';

/** Nobody should mistake simulated findings for their estate's. */
export function DemoBanner() {
  const { data } = useAccounts();
  if (!data?.accounts.some((account) => account.mode === 'demo')) return null;
  return (
    <div className="demo-banner" role="note">
      <RichMessage i18nKey="demo.banner" components={{ strong: <strong /> }} />
    </div>
  );
}
