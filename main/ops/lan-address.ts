import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

/**
 * This computer's address on the local network, for the demo: a phone that scans a ticket's QR
 * code cannot open 127.0.0.1. A private IPv4 address (a branch LAN, a home Wi-Fi) is preferred
 * over any other; loopback and link-local (169.254.x.x, no DHCP answered) addresses never count.
 */
export function pickLanAddress(interfaces: Record<string, NetworkInterfaceInfo[] | undefined>): string | null {
  const candidates = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => i.family === 'IPv4' && !i.internal && !i.address.startsWith('169.254.'))
    .map((i) => i.address);
  return candidates.find(isPrivate) ?? candidates[0] ?? null;
}

function isPrivate(address: string): boolean {
  const [a, b] = address.split('.').map(Number) as [number, number];
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

export function lanAddress(): string | null {
  return pickLanAddress(networkInterfaces());
}
