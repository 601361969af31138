import { describe, expect, it } from 'vitest'
import { isPrivateAddress } from './private-address.js'

describe(isPrivateAddress.name, () => {
  it.each([
    ['"this network"', ['0.0.0.0', '0.1.2.3']],
    ['private', ['10.1.2.3', '172.20.0.1', '192.168.1.10']],
    ['carrier-grade NAT', ['100.64.0.1', '100.127.255.254']],
    ['loopback', ['127.0.0.1', '127.255.0.9', '::1']],
    ['link-local and cloud metadata', ['169.254.169.254', 'fe80::1', 'fe80::1%eth0']],
    ['IETF protocol assignments', ['192.0.0.8']],
    ['TEST-NET-1, -2 and -3', ['192.0.2.1', '198.51.100.7', '203.0.113.200']],
    ['6to4 relay anycast', ['192.88.99.1']],
    ['benchmarking', ['198.18.0.1', '198.19.255.254']],
    ['multicast', ['224.0.0.1', '239.255.255.250', 'ff02::1']],
    ['reserved and broadcast', ['240.0.0.1', '255.255.255.255']],
    ['unspecified', ['::']],
    ['IPv4-compatible', ['::7f00:1', '::127.0.0.1', '::808:808']],
    ['IPv4-mapped', ['::ffff:127.0.0.1', '::ffff:7f00:1', '::FFFF:10.0.0.1', '::ffff:a9fe:a9fe']],
    ['IPv4-translated', ['::ffff:0:7f00:1', '::ffff:0:808:808']],
    ['NAT64 of a private address', ['64:ff9b::7f00:1', '64:ff9b::127.0.0.1', '64:ff9b::a9fe:a9fe']],
    ['local-use NAT64', ['64:ff9b:1::808:808']],
    ['6to4 of a private address', ['2002:7f00:1::', '2002:a00:1::1', '2002:c0a8:101::5']],
    ['Teredo', ['2001:0:4136:e378:8000:63bf:3fff:fdd2']],
    ['discard-only', ['100::1']],
    ['documentation', ['2001:db8::1', '3fff::1']],
    ['unique local', ['fd00::1', 'fc12:3456::1']],
    ['site-local', ['fec0::1']],
    ['not an address', ['not an address', '', 'localhost', '1.2.3']],
  ])('refuses %s', (_, addresses) => {
    for (const address of addresses) expect(isPrivateAddress(address), address).toBe(true)
  })

  it('allows public addresses, also when IPv6 only wraps a public IPv4 address', () => {
    for (const address of [
      '93.184.216.34',
      '8.8.8.8',
      '172.32.0.1',
      '100.128.0.1',
      '198.20.0.1',
      '2606:4700::1111',
      '2a00:1450:4001:80e::200e',
      '::ffff:8.8.8.8',
      '64:ff9b::808:808',
      '64:ff9b::8.8.8.8',
      '2002:808:808::1',
    ])
      expect(isPrivateAddress(address), address).toBe(false)
  })
})
