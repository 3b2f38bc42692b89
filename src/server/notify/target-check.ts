// Save-time check of a channel's URL, so that a rule that could never be sent is refused with a
// clear field error: https only, and no loopback, private, link-local or metadata address unless
// NOTIFY_ALLOW_PRIVATE. The sender checks again at send time (the name may resolve elsewhere).
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

// Stand-in for the channels' address guard (branch s21-channels) until it is merged.
const FORBIDDEN = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  FORBIDDEN.addSubnet(network, prefix, 'ipv4');
// (BlockList matches an IPv4-mapped IPv6 address against the IPv4 ranges itself.)
for (const [network, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  FORBIDDEN.addSubnet(network, prefix, 'ipv6');

function forbidden(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return FORBIDDEN.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

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
    return 'must not be a loopback, private or link-local address';
  let addresses: string[];
  try {
    addresses = isIP(host) === 0 ? await resolve(host) : [host];
  } catch {
    return 'names a host that does not resolve';
  }
  if (addresses.some(forbidden)) return 'must not be a loopback, private or link-local address';
  return undefined;
}
