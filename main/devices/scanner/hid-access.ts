/**
 * The few things the scanner reader needs from a HID library. The real one is `node-hid-access.ts`
 * beside this file; tests give a fake that lists devices and replays recorded reports, because a USB
 * scanner cannot exist on a build machine.
 */

/** One HID collection as the library lists it (hidapi lists a composite device once per interface/usage). */
export interface HidDeviceInfo {
  /** The OS path that opens this collection (`/dev/hidraw3`, `\\?\hid#vid_0c2e...`); absent when it cannot be opened. */
  readonly path?: string | undefined;
  readonly vendorId: number;
  readonly productId: number;
  readonly usagePage?: number | undefined;
  readonly usage?: number | undefined;
  /** The USB interface number, -1 when the platform does not know it. */
  readonly interface?: number | undefined;
  readonly serialNumber?: string | undefined;
  readonly manufacturer?: string | undefined;
  readonly product?: string | undefined;
}

/** An open device: input reports arrive as 'data' (the report id first, when the device numbers its reports). */
export interface HidDeviceHandle {
  on(event: 'data', listener: (report: Uint8Array) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  close(): void;
}

export interface HidAccess {
  /** The HID collections present now. May throw when the platform cannot list them. */
  devices(): HidDeviceInfo[];
  /** Opens one collection by its path. Throws when it cannot (gone, or no permission). */
  open(path: string): HidDeviceHandle;
}
