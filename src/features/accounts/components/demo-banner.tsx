import { useAccounts } from '../../../lib/get-accounts';

/** Nobody should mistake simulated findings for their estate's. */
export function DemoBanner() {
  const { data } = useAccounts();
  if (!data?.accounts.some((account) => account.mode === 'demo')) return null;
  return (
    <div className="demo-banner" role="note">
      <strong>Demo mode:</strong> the data comes from the built-in simulator, not a real cloud.
    </div>
  );
}
