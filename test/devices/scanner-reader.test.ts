import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HidAccess, HidDeviceHandle, HidDeviceInfo } from '../../main/devices/scanner/hid-access.js';
import type { Rejection, Scan } from '../../main/devices/scanner/scan-types.js';
import { nodeHidAccess } from '../../main/devices/scanner/node-hid-access.js';
import { parseScannerConfig, ScannerConfigError } from '../../main/devices/scanner/scanner-config.js';
import { ScannerReader, type ScannerStatus } from '../../main/devices/scanner/scanner-reader.js';
import {
  bytes,
  HIDPOS_MALFORMED,
  HIDPOS_QR_BOOKING_CODE,
  HIDPOS_QR_LONG_URL,
  HIDPOS_QR_LONG_URL_TEXT,
  KEYBOARD_BOOKING_CODE,
  KEYBOARD_PARTIAL,
  KEYBOARD_STATUS_URL,
} from './fixtures/scanner-reports.js';

/**
 * A stand-in for node-hid: a device list that can change, and open devices that replay recorded
 * report bytes and fail their read like hidapi does when the cable is pulled. The ids are
 * illustrative (0x0c2e is Honeywell's vendor id).
 */
class FakeDevice extends EventEmitter implements HidDeviceHandle {
  closed = false;
  constructor(readonly path: string) {
    super();
  }
  close(): void {
    this.closed = true;
  }
  replay(list: readonly string[]): void {
    for (const hex of list) this.emit('data', bytes(hex));
  }
}

class FakeHid implements HidAccess {
  listed: HidDeviceInfo[] = [];
  opened: FakeDevice[] = [];
  openError: Error | null = null;
  devices(): HidDeviceInfo[] {
    return this.listed.map((d) => ({ ...d }));
  }
  open(path: string): HidDeviceHandle {
    if (this.openError) throw this.openError;
    if (!this.listed.some((d) => d.path === path)) throw new Error(`could not open ${path}`);
    const device = new FakeDevice(path);
    this.opened.push(device);
    return device;
  }
  plug(...devices: HidDeviceInfo[]): void {
    this.listed.push(...devices);
  }
  /** The cable is pulled: the device leaves the list and, unless told otherwise, its pending read fails. */
  unplug(path: string, readFails = true): void {
    this.listed = this.listed.filter((d) => d.path !== path);
    const open = this.opened.filter((d) => d.path === path && !d.closed);
    if (readFails) for (const d of open) d.emit('error', new Error('could not read from HID device'));
  }
  get device(): FakeDevice {
    const open = this.opened.filter((d) => !d.closed);
    expect(open).toHaveLength(1);
    return open[0]!;
  }
}

const VENDOR = 0x0c2e;
const PRODUCT = 0x0b8f;
const hidPosCollection = (path = '/dev/hidraw3'): HidDeviceInfo => ({ path, vendorId: VENDOR, productId: PRODUCT, usagePage: 0x8c, usage: 0x02, interface: 0, product: 'Scanner (HID-POS)' });
const keyboardCollection = (path = '/dev/hidraw5'): HidDeviceInfo => ({ path, vendorId: VENDOR, productId: PRODUCT, usagePage: 0x01, usage: 0x06, interface: 1 });
const mouse: HidDeviceInfo = { path: '/dev/hidraw0', vendorId: 0x046d, productId: 0xc077, usagePage: 0x01, usage: 0x02, interface: 0 };

interface Recorded {
  reader: ScannerReader;
  codes: string[];
  scans: Scan[];
  statuses: ScannerStatus[];
  rejections: Rejection[];
}

function startReader(hid: FakeHid, config: Record<string, unknown> = {}): Recorded {
  const codes: string[] = [];
  const statuses: ScannerStatus[] = [];
  const rejections: Rejection[] = [];
  const scans: Scan[] = [];
  const reader = new ScannerReader({
    hid,
    config: { vendorId: VENDOR, productId: PRODUCT, ...config },
    onScan: (code) => codes.push(code),
    onStatus: (status) => statuses.push(status),
    onRejected: (rejection) => rejections.push(rejection),
  });
  reader.on('scan', (scan) => scans.push(scan));
  reader.start();
  return { reader, codes, scans, statuses, rejections };
}

let running: ScannerReader[] = [];
const track = (r: Recorded) => (running.push(r.reader), r);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  for (const reader of running) reader.stop();
  running = [];
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('ScannerReader', () => {
  it('opens a HID-POS scanner by vendor and product id and hands on each scan', () => {
    const hid = new FakeHid();
    hid.plug(mouse, hidPosCollection());
    const r = track(startReader(hid));
    expect(r.reader.status).toMatchObject({ state: 'connected', mode: 'hid-pos', device: { path: '/dev/hidraw3', usagePage: 0x8c } });
    hid.device.replay([...HIDPOS_QR_BOOKING_CODE, ...HIDPOS_QR_LONG_URL]);
    expect(r.codes).toEqual(['BK-0900-01', HIDPOS_QR_LONG_URL_TEXT]);
    expect(r.scans[0]).toEqual({ code: 'BK-0900-01', symbology: ']Q1', mode: 'hid-pos' });
  });

  it('uses the keyboard decoder for a collection on usage page 0x01 with usage 0x06', () => {
    const hid = new FakeHid();
    hid.plug(keyboardCollection());
    const r = track(startReader(hid));
    expect(r.reader.status).toMatchObject({ state: 'connected', mode: 'keyboard' });
    hid.device.replay([...KEYBOARD_BOOKING_CODE, ...KEYBOARD_STATUS_URL]);
    expect(r.codes).toEqual(['BK-0900-01', 'http://hub.local:8080/t/abcd']);
  });

  it('prefers the HID-POS collection of a scanner that lists a keyboard too, unless told the usage page', () => {
    const hid = new FakeHid();
    hid.plug(keyboardCollection(), hidPosCollection());
    const auto = track(startReader(hid));
    expect(auto.reader.status).toMatchObject({ state: 'connected', mode: 'hid-pos', device: { path: '/dev/hidraw3' } });
    auto.reader.stop();
    const keyboard = track(startReader(hid, { usagePage: '0x01' }));
    expect(keyboard.reader.status).toMatchObject({ state: 'connected', mode: 'keyboard', device: { path: '/dev/hidraw5' } });
  });

  it('says so when the scanner is listed but is neither HID-POS nor a keyboard', () => {
    const hid = new FakeHid();
    hid.plug({ path: '/dev/hidraw7', vendorId: VENDOR, productId: PRODUCT, usagePage: 0xff45, usage: 0x01 });
    const r = track(startReader(hid));
    expect(r.reader.status.state).toBe('disconnected');
    expect(r.reader.status.state === 'disconnected' && r.reader.status.reason).toMatch(/none of its collections is HID-POS .* or a keyboard .*usage page 0xff45/);
  });

  it('unplug (read error) → disconnected; polled every 2 s; replug → connected, and scanning works again', () => {
    const hid = new FakeHid();
    hid.plug(hidPosCollection('/dev/hidraw3'));
    const r = track(startReader(hid));
    const first = hid.device;
    first.replay(HIDPOS_QR_BOOKING_CODE);

    hid.unplug('/dev/hidraw3');
    expect(first.closed).toBe(true);
    expect(r.reader.status).toEqual({ state: 'disconnected', reason: 'scanner unplugged or failed: read error (could not read from HID device)' });

    vi.advanceTimersByTime(2000);
    expect(r.reader.status).toMatchObject({ state: 'disconnected', reason: expect.stringContaining('0c2e:0b8f not found') });
    vi.advanceTimersByTime(2000 * 5);
    expect(hid.opened).toHaveLength(1);

    // Plugged back: the OS may give it another path.
    hid.plug(hidPosCollection('/dev/hidraw4'));
    vi.advanceTimersByTime(1999);
    expect(r.reader.status.state).toBe('disconnected');
    vi.advanceTimersByTime(1);
    expect(r.reader.status).toMatchObject({ state: 'connected', device: { path: '/dev/hidraw4' } });

    hid.device.replay(HIDPOS_QR_LONG_URL);
    expect(r.codes).toEqual(['BK-0900-01', HIDPOS_QR_LONG_URL_TEXT]);
    expect(r.statuses.map((s) => s.state)).toEqual(['connected', 'disconnected', 'disconnected', 'connected']);
  });

  it('notices an unplug that fails no read, by the device leaving the list', () => {
    const hid = new FakeHid();
    hid.plug(keyboardCollection());
    const r = track(startReader(hid));
    const first = hid.device;
    hid.unplug('/dev/hidraw5', false);
    expect(r.reader.status.state).toBe('connected');
    vi.advanceTimersByTime(2000);
    expect(r.reader.status).toEqual({ state: 'disconnected', reason: 'scanner unplugged: no longer in the device list' });
    expect(first.closed).toBe(true);

    hid.plug(keyboardCollection());
    vi.advanceTimersByTime(2000);
    expect(r.reader.status.state).toBe('connected');
    hid.device.replay(KEYBOARD_BOOKING_CODE);
    expect(r.codes).toEqual(['BK-0900-01']);
  });

  it('drops a scan cut by an unplug as interrupted, and does not join it to the next', () => {
    const hid = new FakeHid();
    hid.plug(hidPosCollection());
    const r = track(startReader(hid));
    hid.device.replay([HIDPOS_QR_LONG_URL[0]]);
    hid.unplug('/dev/hidraw3');
    expect(r.rejections.map((x) => x.reason)).toEqual(['interrupted']);
    hid.plug(hidPosCollection());
    vi.advanceTimersByTime(2000);
    hid.device.replay(HIDPOS_QR_BOOKING_CODE);
    expect(r.codes).toEqual(['BK-0900-01']);
  });

  it('times out a partial keyboard scan after 500 ms of silence', () => {
    const hid = new FakeHid();
    hid.plug(keyboardCollection());
    const r = track(startReader(hid));
    hid.device.replay(KEYBOARD_PARTIAL);
    vi.advanceTimersByTime(499);
    expect(r.rejections).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(r.rejections).toEqual([{ reason: 'timed-out', detail: 'keyboard scan of 5 characters had no Enter within 500 ms; dropped' }]);
    expect(r.codes).toEqual([]);
    hid.device.replay(KEYBOARD_BOOKING_CODE);
    expect(r.codes).toEqual(['BK-0900-01']);
  });

  it('keeps a keyboard scan typed slowly as long as each key comes within the timeout', () => {
    const hid = new FakeHid();
    hid.plug(keyboardCollection());
    const r = track(startReader(hid));
    for (const hex of KEYBOARD_BOOKING_CODE) {
      hid.device.replay([hex]);
      vi.advanceTimersByTime(300);
    }
    expect(r.rejections).toEqual([]);
    expect(r.codes).toEqual(['BK-0900-01']);
  });

  it('ignores malformed reports, records why, and keeps reading', () => {
    const hid = new FakeHid();
    hid.plug(hidPosCollection());
    const r = track(startReader(hid));
    hid.device.replay([HIDPOS_MALFORMED.otherReportId, HIDPOS_MALFORMED.tooShort, HIDPOS_MALFORMED.countTooBig, ...HIDPOS_QR_BOOKING_CODE]);
    hid.device.emit('data', 'not bytes');
    expect(r.codes).toEqual(['BK-0900-01']);
    expect(r.rejections.map((x) => x.reason)).toEqual(['other-report', 'bad-length', 'bad-count', 'bad-length']);
    expect(r.reader.recentRejections.map((x) => x.reason)).toEqual(['other-report', 'bad-length', 'bad-count', 'bad-length']);
    expect(r.reader.status.state).toBe('connected');
  });

  it('keeps only the last 20 rejections', () => {
    const hid = new FakeHid();
    hid.plug(hidPosCollection());
    const r = track(startReader(hid));
    hid.device.replay(Array<string>(30).fill(HIDPOS_MALFORMED.tooShort));
    expect(r.rejections).toHaveLength(30);
    expect(r.reader.recentRejections).toHaveLength(20);
  });

  it('starts without the scanner and opens it when it is plugged in', () => {
    const hid = new FakeHid();
    hid.plug(mouse);
    const r = track(startReader(hid));
    expect(r.reader.status).toEqual({ state: 'disconnected', reason: 'scanner 0c2e:0b8f not found: unplugged, switched off, or another model' });
    hid.plug(hidPosCollection());
    vi.advanceTimersByTime(2000);
    expect(r.reader.status.state).toBe('connected');
  });

  it('says why it cannot open the scanner, and tries again at each poll', () => {
    const hid = new FakeHid();
    hid.plug(hidPosCollection());
    hid.openError = new Error('EACCES: permission denied');
    const r = track(startReader(hid));
    expect(r.reader.status).toEqual({ state: 'disconnected', reason: 'scanner 0c2e:0b8f found at /dev/hidraw3 but cannot be opened: EACCES: permission denied' });
    hid.openError = null;
    vi.advanceTimersByTime(2000);
    expect(r.reader.status.state).toBe('connected');
  });

  it('says so when the device list cannot be read, and keeps an open scanner when only the watch fails', () => {
    const hid = new FakeHid();
    hid.plug(hidPosCollection());
    const failing = vi.spyOn(hid, 'devices').mockImplementation(() => {
      throw new Error('udev unavailable');
    });
    const r = track(startReader(hid));
    expect(r.reader.status).toEqual({ state: 'disconnected', reason: 'cannot list HID devices: udev unavailable' });
    failing.mockRestore();
    vi.advanceTimersByTime(2000);
    expect(r.reader.status.state).toBe('connected');
    vi.spyOn(hid, 'devices').mockImplementation(() => {
      throw new Error('udev unavailable');
    });
    vi.advanceTimersByTime(2000);
    expect(r.reader.status.state).toBe('connected');
  });

  it('emits a status only when it changes', () => {
    const hid = new FakeHid();
    const r = track(startReader(hid));
    vi.advanceTimersByTime(2000 * 10);
    expect(r.statuses).toHaveLength(1);
  });

  it('does not take a throwing scan listener for a device fault', () => {
    const hid = new FakeHid();
    hid.plug(hidPosCollection());
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const reader = new ScannerReader({
      hid,
      config: { vendorId: VENDOR, productId: PRODUCT },
      onScan: () => {
        throw new Error('kiosk busy');
      },
    });
    running.push(reader);
    reader.start();
    hid.device.replay(HIDPOS_QR_BOOKING_CODE);
    expect(reader.status.state).toBe('connected');
    expect(warn).toHaveBeenCalledWith('scanner listener threw: kiosk busy', { code: 'ANTRE_SCANNER_LISTENER' });
  });

  it('stop closes the device, ends every timer and ignores what the closed device still sends', () => {
    const hid = new FakeHid();
    hid.plug(keyboardCollection());
    const r = startReader(hid);
    const device = hid.device;
    device.replay(KEYBOARD_PARTIAL);
    expect(vi.getTimerCount()).toBe(2); // the poll and the partial-scan timeout
    r.reader.stop();
    expect(device.closed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(r.reader.status).toEqual({ state: 'disconnected', reason: 'stopped' });
    expect(r.rejections.map((x) => x.reason)).toEqual(['interrupted']);
    device.replay(KEYBOARD_BOOKING_CODE);
    device.emit('error', new Error('late'));
    expect(r.codes).toEqual([]);
    expect(r.reader.status).toEqual({ state: 'disconnected', reason: 'stopped' });
  });

  it("leaves its timers unref'd, so it never keeps a process alive", () => {
    vi.useRealTimers();
    const intervals = vi.spyOn(globalThis, 'setInterval');
    const timeouts = vi.spyOn(globalThis, 'setTimeout');
    const hid = new FakeHid();
    hid.plug(keyboardCollection());
    const r = track(startReader(hid));
    hid.device.replay(KEYBOARD_PARTIAL);
    const timers = [...intervals.mock.results, ...timeouts.mock.results].map((x) => x.value as NodeJS.Timeout);
    expect(timers.length).toBeGreaterThanOrEqual(2);
    for (const timer of timers) expect(timer.hasRef()).toBe(false);
    r.reader.stop();
  });
});

describe('scanner settings', () => {
  it('accepts ids as numbers or as hexadecimal text, and fills the defaults', () => {
    expect(parseScannerConfig({ vendorId: '0x0C2E', productId: 2959 })).toEqual({
      vendorId: 0x0c2e,
      productId: 0x0b8f,
      mode: 'auto',
      hidPosLayout: 'aim-header',
      hidPosReportId: 2,
      maxLength: 512,
      partialTimeoutMs: 500,
      pollMs: 2000,
    });
  });

  it('names every bad field', () => {
    let error: unknown;
    try {
      parseScannerConfig({ vendorId: 'honeywell', productId: 0x1_0000, pollMs: 5, colour: 'red' }, 'kiosk.scanner');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ScannerConfigError);
    const message = (error as Error).message;
    expect(message).toContain('kiosk.scanner.vendorId: a number from 0 to 65535, or hexadecimal such as "0x0c2e"');
    expect(message).toContain('kiosk.scanner.productId:');
    expect(message).toContain('kiosk.scanner.pollMs:');
    expect(message).toContain('unknown field(s) colour');
  });

  it('refuses to build a reader from bad settings', () => {
    expect(() => new ScannerReader({ hid: new FakeHid(), config: { vendorId: -1, productId: 1 } })).toThrow(ScannerConfigError);
  });
});

describe('the node-hid adapter', () => {
  // No scanner is attached to this machine: this checks only that the real driver loads and answers.
  it('loads node-hid, lists devices, and throws a clear error for a path that is not there', () => {
    const listed = nodeHidAccess.devices();
    expect(Array.isArray(listed)).toBe(true);
    for (const device of listed) expect(typeof device.vendorId).toBe('number');
    expect(() => nodeHidAccess.open('/dev/antre-no-such-scanner')).toThrow(/antre-no-such-scanner/);
  });
});
