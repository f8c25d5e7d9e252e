/** A key press as Electron's before-input-event reports it. */
export interface KeyPress {
  type: string;
  key: string;
  control: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

export type KeyVerdict = 'pass' | 'block' | 'leave-kiosk';

const RELOAD_AND_TOOLS = new Set(['f5', 'f11', 'f12']);
const CONTROL_KEYS = new Set(['r', 'w', 'q', 'p', 'n', 't', 'o', 's', 'u', 'i', 'j', 'c', '+', '-', '=', '0', 'f4', 'tab']);

/**
 * What a key does on a locked screen (kiosk, booth): reload, devtools, zoom, print, close, new
 * window and full-screen keys do nothing; Ctrl+Alt+Shift+K asks for the supervisor's PIN to leave
 * kiosk mode. Typing (letters, digits, Enter, Backspace) passes, so keyboards and scanners in
 * keyboard mode still work. Copy (Ctrl+C) passes: it is harmless and staff may need it.
 */
export function lockedKey(press: KeyPress): KeyVerdict {
  if (press.type !== 'keyDown') return 'pass';
  const key = press.key.toLowerCase();
  if (press.control && press.alt && press.shift && key === 'k') return 'leave-kiosk';
  if (RELOAD_AND_TOOLS.has(key)) return 'block';
  if (press.meta) return 'block';
  if (press.alt && (key === 'f4' || key === 'arrowleft' || key === 'arrowright' || key === 'home')) return 'block';
  if ((press.control || press.alt) && CONTROL_KEYS.has(key) && !(press.control && !press.shift && !press.alt && key === 'c')) return 'block';
  if (key === 'browserback' || key === 'browserforward' || key === 'browserrefresh') return 'block';
  return 'pass';
}
