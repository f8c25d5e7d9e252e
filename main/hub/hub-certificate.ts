import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { isIP } from 'node:net';
import { createHash, X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';

export interface HubCertificate {
  key: string;
  cert: string;
  /** SHA-256 of the certificate, hex: what a device pins, and what the supervisor can compare. */
  fingerprint: string;
}

const VALID_YEARS = 20;

/** The pinned form of a certificate: SHA-256 of its DER bytes, hex, as `openssl x509 -fingerprint -sha256` prints it (without colons). */
export function certificateFingerprint(pem: string): string {
  return createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');
}

/**
 * A certificate the hub makes for itself: no CA on a branch LAN could vouch for it, and none is
 * needed, since each device pins this exact certificate when it is paired. It names the hub's
 * addresses anyway (loopback, the LAN addresses at creation, the publicUrl host), and lasts 20
 * years because a new one would make every paired device refuse the hub.
 */
export async function generateHubCertificate(hosts: readonly string[]): Promise<HubCertificate> {
  const names = [...new Set(['localhost', '127.0.0.1', '::1', ...hosts])];
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: 'Antre branch hub' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 24 * 3600_000),
    notAfterDate: new Date(now.getFullYear() + VALID_YEARS, now.getMonth(), now.getDate()),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: names.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
    ],
  });
  return { key: pems.private, cert: pems.cert, fingerprint: certificateFingerprint(pems.cert) };
}

/** The LAN addresses of this PC now, for the certificate's names. */
export function localAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .flatMap((i) => (i && !i.internal ? [i.address] : []));
}

/** DATA_DIR/tls/{cert,key}.pem: made once, at the first HTTPS start, and kept (a backup of the data folder keeps it too). */
export async function loadHubCertificate(dataDir: string, hosts: readonly string[]): Promise<HubCertificate> {
  const dir = join(dataDir, 'tls');
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  if (existsSync(certFile) && existsSync(keyFile)) {
    const cert = readFileSync(certFile, 'utf8');
    return { cert, key: readFileSync(keyFile, 'utf8'), fingerprint: certificateFingerprint(cert) };
  }
  const made = await generateHubCertificate([...hosts, ...localAddresses()]);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, made.key, { mode: 0o600 });
  writeFileSync(certFile, made.cert);
  return made;
}
