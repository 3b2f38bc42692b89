// Which resolved addresses a notification may never reach (issue 21): an outbound request to a
// user-given URL must not become a way into the server's own network (SSRF), so loopback,
// link-local, private, CGNAT, multicast, unspecified and cloud-metadata addresses are refused.
import { BlockList, isIP } from 'node:net';

export type ForbiddenAddressKind =
  | 'cloud metadata'
  | 'loopback'
  | 'unspecified'
  | 'link-local'
  | 'private'
  | 'multicast'
  | 'reserved'
  | 'not an IP address';

// Checked in this order: the metadata endpoints first, so that the reason names them even though
// they also sit inside link-local or private ranges.
const RANGES: readonly (readonly [ForbiddenAddressKind, readonly string[]])[] = [
  // AWS/GCP/Azure/Huawei/Tencent 169.254.169.254, Alibaba Cloud 100.100.100.200, AWS IPv6 fd00:ec2::254.
  ['cloud metadata', ['169.254.169.254/32', '100.100.100.200/32', 'fd00:ec2::254/128']],
  ['loopback', ['127.0.0.0/8', '::1/128']],
  ['unspecified', ['0.0.0.0/8', '::/128']],
  ['link-local', ['169.254.0.0/16', 'fe80::/10']],
  // RFC 1918, RFC 6598 (carrier-grade NAT) and IPv6 unique-local addresses.
  ['private', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7']],
  ['multicast', ['224.0.0.0/4', 'ff00::/8']],
  // 240/4 (reserved, including broadcast), 192.0.0/24 (IETF protocol assignments), 198.18/15
  // (benchmarking): none of them is a chat service.
  ['reserved', ['240.0.0.0/4', '192.0.0.0/24', '198.18.0.0/15']],
];

const BLOCK_LISTS = RANGES.map(([kind, cidrs]) => {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [network = '', prefix = ''] = cidr.split('/');
    list.addSubnet(network, Number(prefix), isIP(network) === 4 ? 'ipv4' : 'ipv6');
  }
  return [kind, list] as const;
});

/**
 * An IPv4 address carried inside IPv6: IPv4-mapped `::ffff:a.b.c.d` (also written
 * `::ffff:0a00:0001`) and NAT64's well-known prefix `64:ff9b::/96` (RFC 6052), which a NAT64
 * gateway forwards to that IPv4 address.
 */
function embeddedIpv4(address: string): string | undefined {
  const match = /^(?:::ffff|64:ff9b:):(.+)$/i.exec(address);
  if (match?.[1] === undefined) return undefined;
  const tail = match[1];
  if (isIP(tail) === 4) return tail;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(tail);
  if (!hex?.[1] || !hex[2]) return undefined;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** Why `address` may not be reached, or undefined when it is a public address. */
export function forbiddenAddressKind(address: string): ForbiddenAddressKind | undefined {
  const ipv4 = embeddedIpv4(address);
  const checked = ipv4 ?? address;
  const family = isIP(checked);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [kind, list] of BLOCK_LISTS) if (list.check(checked, type)) return kind;
  return undefined;
}
