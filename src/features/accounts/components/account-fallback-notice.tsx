import { PROVIDER_LABELS, accountLabel } from '../../../lib/account-label';
import type { AccountFallback } from '../use-page-account';

/** Says that the link's account belongs to another provider, and which account is shown instead. */
export function AccountFallbackNotice({ fallback }: { fallback: AccountFallback }) {
  const { named, requested, to } = fallback;
  const what = named
    ? `The link's account, ${accountLabel(named)}, belongs to ${PROVIDER_LABELS[named.provider]}`
    : `The link's account “${requested}” is not configured`;
  const shown = to
    ? `this page shows the default ${PROVIDER_LABELS[to.provider]} account, ${accountLabel(to)}, instead.`
    : 'this page shows the default account instead.';
  return (
    <div className="notice" role="status" data-testid="account-fallback">
      {what}; {shown}
    </div>
  );
}
