// Where the detail drawer's basic image leads: the base-images page filtered to its OS and version
// (composition: image-detail does not know the base-images feature).
import { APP_ROUTES } from '../../shared/contracts/facts';

export function baseImageLink(
  base: { os_name: string; os_version: string },
  account: string | undefined,
): { pathname: string; search: string } {
  const params = new URLSearchParams();
  if (account) params.set('account', account);
  params.set('os_name', base.os_name);
  if (base.os_version) params.set('os_version', base.os_version);
  return { pathname: APP_ROUTES.baseImages, search: `?${params.toString()}` };
}
