import type { DeviceRole } from '../../wire/schemas.js';
import { LOCAL_ORIGIN } from './navigation-policy.js';

/** The only IPC the pages have: one channel per shell matter. */
export const IPC = {
  askToLeave: 'antre:ask-to-leave',
  checkExitPin: 'antre:check-exit-pin',
  cancelExit: 'antre:cancel-exit',
} as const;
export type IpcChannel = (typeof IPC)[keyof typeof IPC];

const LOCKABLE: readonly DeviceRole[] = ['kiosk', 'booth'];

/**
 * Whether an IPC call may be answered, from the frame that sent it: always the window's top
 * frame; askToLeave from the hub's own page of a lockable role; the PIN calls from the app's own
 * exit page only. A page that was navigated elsewhere, or an iframe, gets nothing.
 */
export function ipcSenderAllowed(channel: IpcChannel, sender: { url: string; mainFrame: boolean }, role: DeviceRole, hubOrigin: string | null): boolean {
  if (!sender.mainFrame || !LOCKABLE.includes(role)) return false;
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return false;
  }
  if (channel === IPC.askToLeave) return hubOrigin !== null && url.origin === hubOrigin;
  return `${url.protocol}//${url.host}` === LOCAL_ORIGIN && url.pathname === '/exit.html';
}
