/**
 * The Content-Security-Policy the app puts on every page it shows. The hub's pages load their
 * scripts, styles, sounds and fonts from the hub itself and talk to it over HTTP and its
 * WebSocket; media streams (the booth's camera) and captured stills are blob:/data:. Svelte sets
 * element styles at run time, hence 'unsafe-inline' for styles only; no inline or eval'd script.
 */
export function hubPageCsp(hubOrigin: string): string {
  const ws = hubOrigin.replace(/^http/, 'ws');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "media-src 'self' blob: mediastream:",
    `connect-src 'self' ${ws}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** The app's local pages are static HTML with one script of their own. */
export function localPageCsp(): string {
  return ["default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'", "object-src 'none'"].join('; ');
}
