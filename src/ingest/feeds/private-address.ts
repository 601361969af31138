/** @module ingest/feeds/private-address — which IP addresses a feed must not point at: loopback, private, link-local, reserved. */
import net from 'node:net'

// A feed address is typed by an editor, but fetched by the server from inside the newsroom's
// network: without this, "http://169.254.169.254/" or an intranet page would come back as drafts.
const blockedV4 = new net.BlockList()
for (const [address, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
] as const)
  blockedV4.addSubnet(address, prefix, 'ipv4')

// Ranges that embed an IPv4 address (mapped, NAT64, 6to4) are not listed: the IPv4 address inside
// is checked instead, in `isPrivateAddress`.
const blockedV6 = new net.BlockList()
for (const [address, prefix] of [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible form (::7f00:1)
  ['::ffff:0:0:0', 96], // IPv4-translated (SIIT), never a public destination
  ['64:ff9b:1::', 48], // local-use NAT64: its translator sits inside a private network
  ['100::', 64], // discard-only
  ['2001::', 32], // Teredo: the IPv4 address inside is obfuscated, and the service is retired
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local, deprecated
  ['ff00::', 8], // multicast
] as const)
  blockedV6.addSubnet(address, prefix, 'ipv6')

/** Whether an IP address is loopback, private, link-local or otherwise not on the public internet. */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address)
  if (family === 4) return blockedV4.check(address, 'ipv4')
  if (family !== 6) return true
  const groups = ipv6Groups(address.replace(/%.*$/, ''))
  if (!groups) return true
  const embedded = embeddedIpv4(groups)
  if (embedded) return blockedV4.check(embedded, 'ipv4')
  return blockedV6.check(groups.map((g) => g.toString(16)).join(':'), 'ipv6')
}

/**
 * The IPv4 address that carries the traffic of an IPv6 address, when the IPv6 form only wraps
 * one: IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:AABB:CCDD::).
 * A public-looking IPv6 address that reaches 127.0.0.1 is as private as 127.0.0.1.
 */
function embeddedIpv4(g: number[]): string | undefined {
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0)
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`
  if (zero(0, 5) && g[5] === 0xffff) return v4(g[6]!, g[7]!)
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return v4(g[6]!, g[7]!)
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!)
  return undefined
}

/** The eight 16-bit groups of an IPv6 address already known to be valid (`net.isIP`). */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase()
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number]
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const part = (s: string) => (s ? s.split(':').map((x) => parseInt(x, 16)) : [])
  const left = part(head)
  const right = tail === undefined ? [] : part(tail)
  const missing = 8 - left.length - right.length
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined
  const groups = [...left, ...Array<number>(missing).fill(0), ...right]
  return groups.every((x) => Number.isInteger(x) && x >= 0 && x <= 0xffff) ? groups : undefined
}
