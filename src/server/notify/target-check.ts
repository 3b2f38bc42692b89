// Save-time check of a channel's URL, so that a rule that could never be sent is refused with a
// clear field error: https only, and no loopback, private, link-local or metadata address unless
// NOTIFY_ALLOW_PRIVATE. The sender checks again at send time (the name may resolve elsewhere).
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { forbiddenAddressKind } from './outbound-address';

/** The problem with a channel URL, worded to follow "channel.url", or undefined when fine. */
export async function channelUrlProblem(
  url: string,
  allowPrivate: boolean,
  resolve: (host: string) => Promise<string[]> = async (host) =>
    (await lookup(host, { all: true })).map((entry) => entry.address),
): Promise<string | undefined> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && !(allowPrivate && parsed.protocol === 'http:'))
    return 'must be an https URL';
  if (parsed.username !== '' || parsed.password !== '') return 'must not carry a user or password';
  if (allowPrivate) return undefined;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost'))
    return 'must not be a loopback address (NOTIFY_ALLOW_PRIVATE)';
  let addresses: string[];
  try {
    addresses = isIP(host) === 0 ? await resolve(host) : [host];
  } catch {
    return 'names a host that does not resolve';
  }
  const kind = addresses.map(forbiddenAddressKind).find((found) => found !== undefined);
  if (kind !== undefined) return `must not be a ${kind} address (NOTIFY_ALLOW_PRIVATE)`;
  return undefined;
}
