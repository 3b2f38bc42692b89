import type { Account, Provider } from '../shared/contracts';

export const PROVIDER_LABELS: Record<Provider, string> = {
  huawei: 'Huawei Cloud',
  alibaba: 'Alibaba Cloud',
};

/**
 * "prod · Huawei Cloud · cn-north-4": name, provider and region, without repeating a provider
 * the name already states ("Demo Huawei Cloud (simulated) · cn-north-4").
 */
export function accountLabel(account: Account): string {
  const provider = PROVIDER_LABELS[account.provider];
  const namesProvider = account.name.toLowerCase().includes(provider.toLowerCase());
  return [account.name, namesProvider ? '' : provider, account.region].filter(Boolean).join(' · ');
}
