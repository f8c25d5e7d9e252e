import { LOCAL_ORIGIN } from './navigation-policy.js';

/**
 * The app's own pages, served from memory through the antre:// protocol (never file://): shown
 * while the hub cannot be reached, after too many crashes, while a display waits for its screen,
 * and to leave kiosk mode. Indonesian first, English beneath, as on every participant screen.
 */
export type LocalPage = 'connecting' | 'error' | 'waiting-screen' | 'exit' | 'no-profile';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{margin:0;height:100vh;display:flex;align-items:center;justify-content:center;font:28px/1.4 system-ui,sans-serif;background:#0b3d2e;color:#fff;text-align:center}
main{max-width:40em;padding:2em}h1{font-size:48px;margin:0 0 .5em}p.en{opacity:.8;font-size:24px}code{font-size:20px;opacity:.8}
form{margin-top:1em}input{font:inherit;width:8em;text-align:center;padding:.3em;border-radius:8px;border:0}button{font:inherit;margin:.3em;padding:.3em 1em;border-radius:8px;border:0}
#result{min-height:1.5em;color:#ffd54f}`;

const SCRIPT = `const form=document.querySelector('form');const out=document.getElementById('result');
if(form){form.addEventListener('submit',async(e)=>{e.preventDefault();const pin=form.pin.value;form.pin.value='';out.textContent='…';
const r=await window.antreLocal.checkExitPin(pin);out.textContent=r.ok?'':r.text;});
document.getElementById('cancel').addEventListener('click',()=>window.antreLocal.cancelExit());}`;

interface Words {
  title: string;
  id: string;
  en: string;
}

function words(page: LocalPage, detail: string): Words {
  switch (page) {
    case 'connecting':
      return { title: 'Menghubungkan ke hub cabang… / Connecting to the branch hub…', id: 'Layar ini mencoba lagi setiap beberapa detik.', en: `This screen tries again every few seconds. ${detail}` };
    case 'error':
      return { title: 'Layar ini sedang bermasalah / This screen has a problem', id: 'Halaman berhenti beberapa kali dalam satu menit. Layar mencoba lagi sebentar lagi; hubungi petugas bila tetap begini.', en: `The page stopped several times within a minute. It tries again shortly; ask staff if it stays like this. ${detail}` };
    case 'waiting-screen':
      return { title: 'Menunggu layar / Waiting for the screen', id: `Layar lobi akan tampil di layar "${detail}" begitu tersambung.`, en: `The lobby display moves to screen "${detail}" as soon as it is plugged in.` };
    case 'exit':
      return { title: 'Keluar dari mode kios / Leave kiosk mode', id: 'Masukkan PIN supervisor.', en: "Enter the supervisor's PIN." };
    case 'no-profile':
      return { title: 'Profil perangkat belum ada / No device profile', id: 'Aplikasi perlu profil perangkat.', en: `The app needs a device profile: ${detail}` };
  }
}

export function localPageHtml(page: LocalPage, detail = ''): string {
  const w = words(page, detail);
  const form =
    page === 'exit'
      ? `<form autocomplete="off"><input name="pin" type="password" inputmode="numeric" pattern="[0-9]{4,8}" required autofocus aria-label="PIN"><br><button type="submit">OK</button><button type="button" id="cancel">Batal / Cancel</button></form><p id="result" role="alert"></p>`
      : '';
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>${escape(w.title)}</title><link rel="stylesheet" href="${LOCAL_ORIGIN}/local.css"></head>
<body><main><h1>${escape(w.title)}</h1><p>${escape(w.id)}</p><p class="en" lang="en">${escape(w.en)}</p>${form}</main>${page === 'exit' ? `<script src="${LOCAL_ORIGIN}/local.js"></script>` : ''}</body></html>`;
}

/** What antre://local/<path> answers: a page, its one style sheet and its one script, else nothing. */
export function localResource(url: string): { type: string; body: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (`${parsed.protocol}//${parsed.host}` !== LOCAL_ORIGIN) return null;
  if (parsed.pathname === '/local.css') return { type: 'text/css', body: STYLE };
  if (parsed.pathname === '/local.js') return { type: 'text/javascript', body: SCRIPT };
  const page = /^\/([a-z-]+)\.html$/.exec(parsed.pathname)?.[1] as LocalPage | undefined;
  if (!page || !['connecting', 'error', 'waiting-screen', 'exit', 'no-profile'].includes(page)) return null;
  return { type: 'text/html; charset=utf-8', body: localPageHtml(page, parsed.searchParams.get('detail') ?? '') };
}

export function localPageUrl(page: LocalPage, detail?: string): string {
  return `${LOCAL_ORIGIN}/${page}.html${detail ? `?detail=${encodeURIComponent(detail)}` : ''}`;
}

/** What the exit page says after the hub checked the PIN, from the hub's answer (status and reason). */
export function exitPinAnswer(status: number, reason: string | undefined, seconds?: number): { ok: boolean; text: string } {
  if (status === 200) return { ok: true, text: '' };
  if (reason === 'exit_pin_wrong') return { ok: false, text: "PIN supervisor salah. / The supervisor's PIN is wrong." };
  if (reason === 'too_many_pin_attempts') return { ok: false, text: `Terlalu banyak PIN salah: coba lagi dalam ${seconds ?? 30} detik. / Too many wrong PINs: try again in ${seconds ?? 30} seconds.` };
  if (reason === 'exit_pin_not_set') return { ok: false, text: 'Belum ada PIN keluar; atur di PC hub: antre exit-pin. / No exit PIN is set; set one on the hub PC: antre exit-pin.' };
  if (status === 0) return { ok: false, text: 'Hub cabang tidak terjangkau. / The branch hub cannot be reached.' };
  return { ok: false, text: 'PIN tidak bisa diperiksa sekarang. / The PIN cannot be checked now.' };
}
