/**
 * Reads one configured barcode scanner: finds it among the HID devices, opens it, picks the decoder by
 * its usage page (0x8C HID-POS, 0x01/0x06 keyboard), and hands on each whole scan. When the scanner is
 * unplugged (a read error, or it leaves the device list) it is closed and looked for again every
 * `pollMs` until it is back, then reopened. Status changes say why, in words.
 *
 * The HID library is passed in (`HidAccess`): `nodeHidAccess` on a kiosk, a fake replaying recorded
 * reports in tests. Timers are unref'd, so a reader never keeps a process alive; `stop()` ends them.
 */
import { EventEmitter } from 'node:events';
import type { HidAccess, HidDeviceHandle, HidDeviceInfo } from './hid-access.js';
import { HID_POS_USAGE_BARCODE_SCANNER, HID_POS_USAGE_PAGE, HidPosDecoder } from './hid-pos-decoder.js';
import { GENERIC_DESKTOP_USAGE_PAGE, KEYBOARD_USAGE, KeyboardDecoder } from './keyboard-decoder.js';
import { describeScanner, parseScannerConfig, type ScannerConfig, type ScannerConfigInput } from './scanner-config.js';
import type { DecodeEvent, Rejection, Scan, ScanDecoder, ScannerMode } from './scan-types.js';

export interface ConnectedScanner {
  readonly path: string;
  readonly vendorId: number;
  readonly productId: number;
  readonly usagePage: number | undefined;
  readonly usage: number | undefined;
  readonly product: string | undefined;
}

export type ScannerStatus =
  | { readonly state: 'connected'; readonly mode: ScannerMode; readonly device: ConnectedScanner }
  | { readonly state: 'disconnected'; readonly reason: string };

export interface ScannerReaderEvents {
  scan: [scan: Scan];
  status: [status: ScannerStatus];
  rejected: [rejection: Rejection];
}

export interface ScannerReaderOptions {
  hid: HidAccess;
  /** Validated here; a bad one throws a ScannerConfigError naming the field. */
  config: ScannerConfigInput;
  onScan?: (code: string, scan: Scan) => void;
  onStatus?: (status: ScannerStatus) => void;
  onRejected?: (rejection: Rejection) => void;
  /** Milliseconds for the decoders' timeouts; Date.now unless a test says otherwise. */
  now?: () => number;
}

/** How many recent rejections `recentRejections` keeps, for a device-health view. */
const KEPT_REJECTIONS = 20;

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * How well a listed collection fits the configured mode: 0 never, higher is better. In 'auto' only a
 * HID-POS or keyboard collection will do; with a fixed mode a collection whose usage the platform did
 * not report is accepted too, but never one of the other kind.
 */
function fit(device: HidDeviceInfo, mode: ScannerConfig['mode']): number {
  const pos = device.usagePage === HID_POS_USAGE_PAGE ? (device.usage === HID_POS_USAGE_BARCODE_SCANNER ? 4 : 3) : 0;
  // Below HID-POS: a scanner that offers both is read through HID-POS, which types nothing into the desktop.
  const keyboard = device.usagePage === GENERIC_DESKTOP_USAGE_PAGE && device.usage === KEYBOARD_USAGE ? 2 : 0;
  if (mode === 'hid-pos') return pos || (keyboard ? 0 : 1);
  if (mode === 'keyboard') return keyboard || (pos ? 0 : 1);
  return pos || keyboard;
}

function modeOf(device: HidDeviceInfo, mode: ScannerConfig['mode']): ScannerMode {
  if (mode !== 'auto') return mode;
  return device.usagePage === HID_POS_USAGE_PAGE ? 'hid-pos' : 'keyboard';
}

const hex = (n: number | undefined) => (n === undefined ? '?' : `0x${n.toString(16).padStart(2, '0')}`);

export class ScannerReader extends EventEmitter<ScannerReaderEvents> {
  readonly config: ScannerConfig;
  private readonly hid: HidAccess;
  private readonly now: () => number;
  private readonly callbacks: Pick<ScannerReaderOptions, 'onScan' | 'onStatus' | 'onRejected'>;

  private running = false;
  private handle: HidDeviceHandle | null = null;
  private device: HidDeviceInfo | null = null;
  private decoder: ScanDecoder | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private partialTimer: NodeJS.Timeout | null = null;
  private current: ScannerStatus = { state: 'disconnected', reason: 'not started' };
  private readonly rejections: Rejection[] = [];

  constructor(options: ScannerReaderOptions) {
    super();
    this.config = parseScannerConfig(options.config);
    this.hid = options.hid;
    this.now = options.now ?? Date.now;
    this.callbacks = { onScan: options.onScan, onStatus: options.onStatus, onRejected: options.onRejected };
  }

  get status(): ScannerStatus {
    return this.current;
  }

  /** The last few refused reports and scans, newest last. */
  get recentRejections(): readonly Rejection[] {
    return [...this.rejections];
  }

  /** Opens the scanner now if it is there, and keeps looking for it (or watching it) every pollMs. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.pollTimer = setInterval(() => this.poll(), this.config.pollMs);
    this.pollTimer.unref();
    this.connect();
  }

  /** Closes the scanner and ends every timer. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    this.closeDevice();
    this.setStatus({ state: 'disconnected', reason: 'stopped' });
  }

  private poll(): void {
    if (!this.running) return;
    if (this.handle) this.watch();
    else this.connect();
  }

  private connect(): void {
    let listed: HidDeviceInfo[];
    try {
      listed = this.hid.devices();
    } catch (err) {
      this.setStatus({ state: 'disconnected', reason: `cannot list HID devices: ${errorText(err)}` });
      return;
    }
    const { config } = this;
    const matching = listed.filter(
      (d) =>
        typeof d.path === 'string' &&
        d.path !== '' &&
        d.vendorId === config.vendorId &&
        d.productId === config.productId &&
        (config.usagePage === undefined || d.usagePage === config.usagePage) &&
        (config.usage === undefined || d.usage === config.usage) &&
        (config.interface === undefined || d.interface === config.interface) &&
        (config.serialNumber === undefined || d.serialNumber === config.serialNumber),
    );
    if (matching.length === 0) {
      this.setStatus({ state: 'disconnected', reason: `scanner ${describeScanner(config)} not found: unplugged, switched off, or another model` });
      return;
    }
    let best: HidDeviceInfo | null = null;
    for (const d of matching) if (fit(d, config.mode) > 0 && (best === null || fit(d, config.mode) > fit(best, config.mode))) best = d;
    if (best === null) {
      const seen = matching.map((d) => `usage page ${hex(d.usagePage)} usage ${hex(d.usage)}`).join('; ');
      const wanted =
        config.mode === 'auto' ? 'HID-POS (usage page 0x8c) or a keyboard (usage page 0x01, usage 0x06)' : config.mode === 'hid-pos' ? 'HID-POS' : 'a keyboard';
      this.setStatus({ state: 'disconnected', reason: `scanner ${describeScanner(config)} found, but none of its collections is ${wanted} (${seen})` });
      return;
    }
    const path = best.path!;
    let handle: HidDeviceHandle;
    try {
      handle = this.hid.open(path);
    } catch (err) {
      this.setStatus({ state: 'disconnected', reason: `scanner ${describeScanner(config)} found at ${path} but cannot be opened: ${errorText(err)}` });
      return;
    }
    const mode = modeOf(best, config.mode);
    this.handle = handle;
    this.device = best;
    this.decoder =
      mode === 'hid-pos'
        ? new HidPosDecoder({ layout: config.hidPosLayout, reportId: config.hidPosReportId, maxLength: config.maxLength, partialTimeoutMs: config.partialTimeoutMs })
        : new KeyboardDecoder({ reportId: config.keyboardReportId, maxLength: config.maxLength, partialTimeoutMs: config.partialTimeoutMs });
    // A closed handle may still deliver a late event; only the open one is listened to.
    handle.on('data', (report) => {
      if (this.handle === handle) this.onReport(report);
    });
    handle.on('error', (err) => {
      if (this.handle === handle) this.lose(`scanner unplugged or failed: read error (${errorText(err)})`);
    });
    this.setStatus({
      state: 'connected',
      mode,
      device: { path, vendorId: best.vendorId, productId: best.productId, usagePage: best.usagePage, usage: best.usage, product: best.product },
    });
  }

  /** While open: is it still listed? Some platforms keep a read waiting after an unplug. */
  private watch(): void {
    let listed: HidDeviceInfo[];
    try {
      listed = this.hid.devices();
    } catch {
      return; // cannot tell; the open device is still the best guess
    }
    const open = this.device!;
    if (!listed.some((d) => d.path === open.path && d.vendorId === open.vendorId && d.productId === open.productId)) {
      this.lose('scanner unplugged: no longer in the device list');
    }
  }

  private lose(reason: string): void {
    this.closeDevice();
    this.setStatus({ state: 'disconnected', reason });
  }

  private closeDevice(): void {
    const handle = this.handle;
    const decoder = this.decoder;
    this.handle = null;
    this.device = null;
    this.decoder = null;
    this.clearPartialTimer();
    if (handle) {
      try {
        handle.close();
      } catch {
        // already gone with the device
      }
    }
    if (decoder) this.dispatch(decoder.reset());
  }

  private onReport(report: unknown): void {
    const decoder = this.decoder!;
    if (!(report instanceof Uint8Array)) {
      this.dispatch([{ kind: 'rejected', rejection: { reason: 'bad-length', detail: `the HID library delivered ${typeof report}, not report bytes` } }]);
      return;
    }
    this.dispatch(decoder.push(report, this.now()));
    this.armPartialTimer();
  }

  /** Wakes the decoder when its partial scan is due to be given up. */
  private armPartialTimer(): void {
    this.clearPartialTimer();
    const decoder = this.decoder;
    const due = decoder?.deadline() ?? null;
    if (decoder === null || due === null) return;
    this.partialTimer = setTimeout(
      () => {
        this.partialTimer = null;
        if (this.decoder !== decoder) return;
        this.dispatch(decoder.expire(this.now()));
        this.armPartialTimer();
      },
      Math.max(0, due - this.now()),
    );
    this.partialTimer.unref();
  }

  private clearPartialTimer(): void {
    if (this.partialTimer) clearTimeout(this.partialTimer);
    this.partialTimer = null;
  }

  private dispatch(events: DecodeEvent[]): void {
    for (const event of events) {
      if (event.kind === 'scan') {
        this.notify(() => {
          this.emit('scan', event.scan);
          this.callbacks.onScan?.(event.scan.code, event.scan);
        });
      } else {
        this.rejections.push(event.rejection);
        if (this.rejections.length > KEPT_REJECTIONS) this.rejections.shift();
        this.notify(() => {
          this.emit('rejected', event.rejection);
          this.callbacks.onRejected?.(event.rejection);
        });
      }
    }
  }

  private setStatus(status: ScannerStatus): void {
    if (JSON.stringify(status) === JSON.stringify(this.current)) return;
    this.current = status;
    this.notify(() => {
      this.emit('status', status);
      this.callbacks.onStatus?.(status);
    });
  }

  /**
   * Runs a listener so that its failure is not taken for the device's: a throw inside node-hid's data
   * handler would come back as a read 'error' and look like an unplug.
   */
  private notify(call: () => void): void {
    try {
      call();
    } catch (err) {
      process.emitWarning(`scanner listener threw: ${errorText(err)}`, { code: 'ANTRE_SCANNER_LISTENER' });
    }
  }
}
