import { certificateFingerprint } from '../../hub/hub-certificate.js';

/** Chromium's answers to setCertificateVerifyProc: trust, distrust, or Chromium's own verdict. */
export const CERT_TRUSTED = 0;
export const CERT_REFUSED = -2;
export const CERT_CHROMIUM_DECIDES = -3;

export interface CertificateCheck {
  /** The host the window connects to. */
  hostname: string;
  /** The PEM Chromium received (Certificate.data). */
  pem: string;
}

/**
 * The hub's certificate is its own, not a CA's: Chromium would refuse it. A device trusts the hub
 * host only with the exact certificate whose fingerprint it pinned when it was paired, so no other
 * machine on the branch LAN can pose as the hub (even with a certificate a public CA signed).
 * Other hosts get Chromium's own verdict (the app loads nothing from them, see mayNavigate).
 * Before the device is paired nothing is pinned: its first contact pins (trust on first use),
 * which is when the supervisor compares the pairing code on both screens.
 */
export function certificateVerdict(check: CertificateCheck, hubHost: string | null, pinned: string | null): { result: number; pin?: string } {
  if (hubHost === null || check.hostname !== hubHost) return { result: CERT_CHROMIUM_DECIDES };
  let fingerprint: string;
  try {
    fingerprint = certificateFingerprint(check.pem);
  } catch {
    return { result: CERT_REFUSED };
  }
  if (pinned === null) return { result: CERT_TRUSTED, pin: fingerprint };
  return { result: fingerprint === pinned ? CERT_TRUSTED : CERT_REFUSED };
}
