import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { pickLanAddress } from '../../main/ops/lan-address.js';

const v4 = (address: string, internal = false): NetworkInterfaceInfo =>
  ({ address, netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:00:00:00:01', internal, cidr: `${address}/24` }) as NetworkInterfaceInfo;
const v6 = (address: string): NetworkInterfaceInfo =>
  ({ address, netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '02:00:00:00:00:01', internal: false, cidr: `${address}/64`, scopeid: 0 }) as NetworkInterfaceInfo;

describe("the demo's address for phones", () => {
  it("is this computer's private IPv4 address on the local network, before any other", () => {
    expect(pickLanAddress({ lo: [v4('127.0.0.1', true)], wlan0: [v6('fe80::1'), v4('192.168.1.23')] })).toBe('192.168.1.23');
    expect(pickLanAddress({ docker0: [v4('100.64.0.5')], eth0: [v4('10.20.30.40')] })).toBe('10.20.30.40');
    expect(pickLanAddress({ eth0: [v4('172.20.1.9')] })).toBe('172.20.1.9');
  });

  it('takes another non-loopback IPv4 address when there is no private one', () => {
    expect(pickLanAddress({ eth0: [v4('192.0.2.2')] })).toBe('192.0.2.2');
  });

  it('is none with only loopback, IPv6 or a link-local address that no DHCP server answered', () => {
    expect(pickLanAddress({ lo: [v4('127.0.0.1', true)] })).toBeNull();
    expect(pickLanAddress({ eth0: [v4('169.254.10.2'), v6('fd00::2')], lo: undefined })).toBeNull();
    expect(pickLanAddress({})).toBeNull();
  });
});
