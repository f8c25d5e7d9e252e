/**
 * The real HID access, through node-hid (hidapi: hidraw on Linux, the HID API on Windows, IOKit on macOS).
 * Deliberately thin: everything it does not have to do lives in the reader, where tests reach it.
 *
 * Platform notes for whoever installs a kiosk:
 * - Linux: opening /dev/hidraw* needs a udev rule giving the kiosk user access to the scanner
 *   (for example `SUBSYSTEM=="hidraw", ATTRS{idVendor}=="0c2e", MODE="0660", GROUP="plugdev"`).
 *   A keyboard-mode scanner read through hidraw still types into the focused window too, so HID-POS
 *   mode is the one to configure on the scanner.
 * - Windows does not let an application open a keyboard collection: keyboard mode works on Linux only.
 * - macOS asks for Input Monitoring permission before a keyboard collection can be read.
 */
import HID from 'node-hid';
import type { HidAccess, HidDeviceHandle, HidDeviceInfo } from './hid-access.js';

export const nodeHidAccess: HidAccess = {
  devices: (): HidDeviceInfo[] => HID.devices(),
  // node-hid's HID is an EventEmitter whose 'data' carries a Buffer (a Uint8Array) with the report id
  // first for numbered reports, and whose 'error' fires when a read fails (the device was unplugged).
  open: (path: string): HidDeviceHandle => new HID.HID(path),
};
