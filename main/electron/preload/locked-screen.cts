// Preload of the locked screens (kiosk, booth). Sandboxed: it may require only
// 'electron', so its channel names are written out here; main/electron/policy/ipc-sender.ts
// checks every call's sender frame. Exposes a request to leave kiosk mode (for a hidden
// gesture of the page) and, to the app's own exit page, the supervisor's PIN check.
import electron = require('electron');

const { contextBridge, ipcRenderer } = electron;

contextBridge.exposeInMainWorld('antreShell', {
  askToLeave: (): Promise<void> => ipcRenderer.invoke('antre:ask-to-leave'),
});
contextBridge.exposeInMainWorld('antreLocal', {
  checkExitPin: (pin: string): Promise<{ ok: boolean; text: string }> => ipcRenderer.invoke('antre:check-exit-pin', String(pin).slice(0, 8)),
  cancelExit: (): Promise<void> => ipcRenderer.invoke('antre:cancel-exit'),
});
