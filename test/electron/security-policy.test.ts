import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CERT_CHROMIUM_DECIDES, CERT_REFUSED, CERT_TRUSTED, certificateVerdict } from '../../main/electron/policy/certificate-pin.js';
import { hubPageCsp, localPageCsp } from '../../main/electron/policy/content-security-policy.js';
import { mayNavigate, mayOpenWindow } from '../../main/electron/policy/navigation-policy.js';
import { mayUsePermission } from '../../main/electron/policy/permission-policy.js';
import { certificateFingerprint, generateHubCertificate } from '../../main/hub/hub-certificate.js';

const HUB = 'https://192.168.1.10:8080';

describe('where a window may go', () => {
  it("the hub's own pages and the app's local pages only", () => {
    for (const ok of [`${HUB}/kiosk`, `${HUB}/display?token=x`, `${HUB}/pair`, `${HUB}/t/ABC123`, `${HUB}/`, 'antre://local/connecting.html']) expect(mayNavigate(ok, HUB), ok).toBe(true);
    for (const no of [
      'https://192.168.1.11:8080/kiosk',
      'http://192.168.1.10:8080/kiosk',
      `${HUB}/api/v1/state`,
      `${HUB}/assets/x.js`,
      'file:///etc/passwd',
      'data:text/html,<script>1</script>',
      'javascript:alert(1)',
      'antre://local/../../etc/passwd',
      'antre://other/connecting.html',
      'not a url',
    ])
      expect(mayNavigate(no, HUB), no).toBe(false);
  });

  it('nothing before the hub is known but local pages, and never a new window', () => {
    expect(mayNavigate(`${HUB}/kiosk`, null)).toBe(false);
    expect(mayNavigate('antre://local/error.html', null)).toBe(true);
    expect(mayOpenWindow()).toBe(false);
  });
});

describe('camera, microphone and every other permission', () => {
  const media = (origin: string, mediaTypes = ['video', 'audio'], mainFrame = true) => ({ permission: 'media', origin, mediaTypes, mainFrame });

  it('camera and microphone for the booth and console pages of the hub', () => {
    expect(mayUsePermission(media(`${HUB}/booth`), 'booth', HUB)).toBe(true);
    expect(mayUsePermission(media(`${HUB}/console`, ['audio']), 'console', HUB)).toBe(true);
    expect(mayUsePermission({ permission: 'media', origin: HUB, mainFrame: true }, 'console', HUB)).toBe(true);
  });

  it('refused to other roles, other origins, frames and anything but video and audio', () => {
    expect(mayUsePermission(media(`${HUB}/kiosk`), 'kiosk', HUB)).toBe(false);
    expect(mayUsePermission(media(`${HUB}/display`), 'display', HUB)).toBe(false);
    expect(mayUsePermission(media('https://evil.example/booth'), 'booth', HUB)).toBe(false);
    expect(mayUsePermission(media(`${HUB}/booth`, ['video'], false), 'booth', HUB)).toBe(false);
    expect(mayUsePermission(media(`${HUB}/booth`, ['video'], true), 'booth', null)).toBe(false);
    expect(mayUsePermission(media(`${HUB}/console`, ['desktop']), 'console', HUB)).toBe(false);
    for (const permission of ['notifications', 'geolocation', 'clipboard-read', 'hid', 'serial', 'usb', 'display-capture', 'fullscreen', 'openExternal', 'midi'])
      expect(mayUsePermission({ permission, origin: HUB, mainFrame: true }, 'console', HUB), permission).toBe(false);
  });
});

const hub = await generateHubCertificate(['192.168.1.10']);
const impostor = await generateHubCertificate(['192.168.1.10']);

describe("pinning the hub's certificate", () => {
  const dir = mkdtempSync(join(tmpdir(), 'antre-pin-'));

  it('the fingerprint is the SHA-256 of the certificate, as openssl prints it', () => {
    writeFileSync(join(dir, 'cert.pem'), hub.cert);
    const openssl = execFileSync('openssl', ['x509', '-in', join(dir, 'cert.pem'), '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' });
    expect(openssl.split('=')[1]!.trim().replace(/:/g, '').toLowerCase()).toBe(certificateFingerprint(hub.cert));
  });

  it('trusts the hub host with the pinned certificate only; the first contact of an unpaired device pins', () => {
    const pin = certificateFingerprint(hub.cert);
    expect(certificateVerdict({ hostname: '192.168.1.10', pem: hub.cert }, '192.168.1.10', pin)).toEqual({ result: CERT_TRUSTED });
    expect(certificateVerdict({ hostname: '192.168.1.10', pem: impostor.cert }, '192.168.1.10', pin)).toEqual({ result: CERT_REFUSED });
    expect(certificateVerdict({ hostname: '192.168.1.10', pem: 'garbage' }, '192.168.1.10', pin)).toEqual({ result: CERT_REFUSED });
    expect(certificateVerdict({ hostname: '192.168.1.10', pem: hub.cert }, '192.168.1.10', null)).toEqual({ result: CERT_TRUSTED, pin });
    expect(certificateVerdict({ hostname: 'example.com', pem: impostor.cert }, '192.168.1.10', pin)).toEqual({ result: CERT_CHROMIUM_DECIDES });
  });
});

describe('Content-Security-Policy', () => {
  it("hub pages: scripts from the hub only, no inline script or eval, the hub's WebSocket, no framing", () => {
    const csp = hubPageCsp(HUB);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval)/);
    expect(csp).toContain('connect-src \'self\' wss://192.168.1.10:8080');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(hubPageCsp('http://127.0.0.1:8080')).toContain('ws://127.0.0.1:8080');
  });

  it('local pages: their own files only', () => {
    expect(localPageCsp()).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self'/);
    expect(localPageCsp()).not.toContain('unsafe');
  });
});
