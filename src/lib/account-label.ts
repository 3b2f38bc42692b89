import type { Account, Provider } from '../shared/contracts';

export const PROVIDER_LABELS: Record<Provider, string> = {
  huawei: 'Huawei Cloud',
  alibaba: 'Alibaba Cloud',
};

/**
 * "prod · Huawei Cloud · cn-north-4": name, provider and region, without repeating a provider
 * the name already states ("Demo Huawei Cloud (simulated) · cn-north-4"). `providerLabels` names
 * the providers in the reader's language (the English names are also recognised in the name).
 */
export function accountLabel(
  account: Account,
  providerLabels: Readonly<Record<Provider, string>> = PROVIDER_LABELS,
): string {
  const provider = providerLabels[account.provider];
  const name = account.name.toLowerCase();
  const namesProvider = [provider, PROVIDER_LABELS[account.provider]].some((label) =>
    name.includes(label.toLowerCase()),
  );
  return [account.name, namesProvider ? '' : provider, account.region].filter(Boolean).join(' · ');
}
