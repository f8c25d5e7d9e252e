import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceRole } from '../wire/schemas.js';


const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The HTML of a role's page: the built Svelte app when there is one, else a plain page that says
 * which page this is and what to do, so a misconfigured device never shows a blank screen.
 */
export function pageHtml(page: DeviceRole | 't' | 'pair', distDir: string): string {
  const built = join(distDir, page, 'index.html');
  if (existsSync(built)) return readFileSync(built, 'utf8');
  return notice(`Antre: ${page}`, `This is the ${page} page of the branch hub. Its app has not been built on this machine: run npm run build.`);
}

function notice(title: string, text: string): string {
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)}</title><style>body{font:24px/1.4 system-ui,sans-serif;margin:3em;color:#111;background:#fff}h1{font-size:40px}</style></head>
<body><main><h1>${escape(title)}</h1><p>${escape(text)}</p></main></body></html>`;
}
