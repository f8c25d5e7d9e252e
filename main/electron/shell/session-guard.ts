import type { Session } from 'electron';
import { TOKEN_COOKIE } from '../../hub/auth.js';
import { certificateVerdict } from '../policy/certificate-pin.js';
import { hubPageCsp, localPageCsp } from '../policy/content-security-policy.js';
import type { WindowPlan } from '../policy/device-plan.js';
import { LOCAL_ORIGIN } from '../policy/navigation-policy.js';
import { mayUsePermission } from '../policy/permission-policy.js';
import type { DeviceKeychain } from './device-keychain.js';

export interface GuardedHub {
  /** The hub's address once known. */
  url(): string | null;
  /** This PC's own hub: its certificate is known without pinning. */
  ownFingerprint(): string | null;
}

/**
 * Everything a window's session allows, from the decision functions: permissions (camera and
 * microphone for booth and console pages of the hub only), the CSP on every page, the hub's
 * certificate checked against the device's pin, and the device token kept in the keychain
 * instead of the cookie jar (the session lives in memory only).
 */
export function guardSession(ses: Session, plan: WindowPlan, hub: GuardedHub, keychain: DeviceKeychain, log: (event: string, fields?: object) => void): void {
  const hubOrigin = () => {
    const url = hub.url();
    return url ? new URL(url).origin : null;
  };
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    const allowed = mayUsePermission({ permission, origin: details.requestingUrl, mediaTypes: 'mediaTypes' in details ? details.mediaTypes : undefined, mainFrame: details.isMainFrame }, plan.role, hubOrigin());
    if (!allowed) log('permission.denied', { window: plan.name, permission, url: contents.getURL() });
    callback(allowed);
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    mayUsePermission({ permission, origin: requestingOrigin, mediaTypes: details.mediaType ? [details.mediaType] : undefined, mainFrame: details.isMainFrame }, plan.role, hubOrigin()),
  );
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    const origin = hubOrigin();
    const csp = details.url.startsWith(LOCAL_ORIGIN) ? localPageCsp() : origin && details.url.startsWith(origin) ? hubPageCsp(origin) : "default-src 'none'";
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  // electronegativity: accepted (CERTIFICATE_VERIFY_PROC_JS_CHECK): this is certificate pinning, stricter than Chromium's check: the hub host is trusted only with the exact certificate the device pinned, every other host keeps Chromium's verdict (policy/certificate-pin.ts).
  ses.setCertificateVerifyProc((request, callback) => {
    const url = hub.url();
    const own = hub.ownFingerprint();
    const pinned = own ? { fingerprint: own } : keychain.pinned(plan.name);
    const verdict = certificateVerdict({ hostname: request.hostname, pem: request.certificate.data }, url ? new URL(url).hostname : null, pinned?.fingerprint ?? null);
    // Trust on first use: an unpaired device pins the certificate it first meets; the supervisor
    // compares the pairing code on both screens at that moment.
    if (verdict.pin && !own) keychain.pin(plan.name, request.certificate.data, verdict.pin);
    if (verdict.result === -2) log('certificate.refused', { window: plan.name, host: request.hostname });
    callback(verdict.result);
  });
  ses.cookies.on('changed', (_event, cookie, _cause, removed) => {
    if (cookie.name !== TOKEN_COOKIE) return;
    const pairing = keychain.pairing(plan.name);
    if (removed) pairing.forget();
    else pairing.save(cookie.value);
  });
}

/** Puts the device's stored token back as the page's cookie before its page loads. */
export async function restoreToken(ses: Session, hubUrl: string, plan: WindowPlan, keychain: DeviceKeychain): Promise<void> {
  const token = keychain.pairing(plan.name).load();
  if (!token) return;
  await ses.cookies.set({ url: hubUrl, name: TOKEN_COOKIE, value: token, path: '/', httpOnly: true, secure: hubUrl.startsWith('https:'), sameSite: 'strict' });
}
