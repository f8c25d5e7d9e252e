import { z } from 'zod';
import { scannerConfigSchema } from '../devices/scanner/scanner-config.js';
import { isValidTimeZone } from '../queue/business-day.js';
import { POSITION_KINDS } from '../queue/types.js';
import { bookingCodeSchema, DEVICE_ROLES, idSchema, pinSchema, serviceCodeSchema } from '../wire/schemas.js';

const id = idSchema;

const branch = z.strictObject({
  id,
  name: z.string().min(1).max(80),
  timeZone: z.string().refine(isValidTimeZone, 'an IANA time zone, for example Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)'),
  /** Where participants book online; the kiosk shows it, with its QR code, to everyone it turns away. */
  bookingSiteUrl: z.url({ protocol: /^https?$/, error: 'the online booking site, for example https://antrean.example.go.id' }).optional(),
});

/** Positions and officers a hub creates at first start, so a new branch can serve at once. */
const seed = z.strictObject({
  positions: z
    .array(z.strictObject({ id, kind: z.enum(POSITION_KINDS), label: z.string().min(1).max(40), services: z.array(serviceCodeSchema).min(1) }))
    .default([]),
  officers: z.array(z.strictObject({ id, name: z.string().min(1).max(80), pin: pinSchema })).default([]),
  ticker: z.string().max(500).optional(),
  /** Demo bookings for today: a code and a local slot time (HH:MM). */
  bookingsToday: z.array(z.strictObject({ code: bookingCodeSchema, serviceCode: serviceCodeSchema, slot: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day, HH:MM from 00:00 to 23:59') })).default([]),
});

/** A STUN or TURN server as a browser's RTCPeerConnection takes it; a TURN server needs its username and credential. */
const iceUrl = z.string().regex(/^(stun|stuns|turn|turns):[^\s]{1,250}$/, 'a stun:, stuns:, turn: or turns: address, e.g. turn:turn.example.id:3478');
const iceServer = z
  .strictObject({
    urls: z.union([iceUrl, z.array(iceUrl).min(1).max(4)]).transform((urls) => (Array.isArray(urls) ? urls : [urls])),
    username: z.string().min(1).max(128).optional(),
    credential: z.string().min(1).max(256).optional(),
  })
  .refine((s) => !s.urls.some((u) => u.startsWith('turn')) || (s.username !== undefined && s.credential !== undefined), {
    message: 'a TURN server needs its username and credential',
    path: ['credential'],
  });

const PRINTER_MODELS = ['epson-tm-t88vi', 'epson-tm-t88v', 'epson-tm-t20iii', 'epson-tm-m30ii', 'xprinter-xp-n160ii', 'pos-5890'] as const;

/** A printer and how it is reached: tcp://HOST:9100, usb:/dev/usb/lp0, serial:/dev/ttyUSB0?baud=38400. */
export const printerSection = z.strictObject({
  address: z.string().regex(/^(tcp:\/\/[^:/]+(:\d+)?\/?|usb:\/.+|serial:\/[^?]+(\?baud=\d+)?)$/, 'tcp://HOST:9100, usb:/dev/usb/lp0 or serial:/dev/ttyUSB0?baud=38400'),
  paper: z.enum(['80mm', '58mm']).default('80mm'),
  model: z.enum(PRINTER_MODELS).default('epson-tm-t88vi'),
  /** A PNG printed at the top of every ticket, relative to the profile's folder. */
  logo: z.string().optional(),
});

/**
 * Headquarters, for a hub that syncs: its address and this branch's secret, which signs every
 * request. The secret is best kept in a file only the hub's user can read (relative to the
 * profile's folder); `secret` in the profile itself is for tests and demos.
 */
const hqSection = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, error: "headquarters' address, for example https://hq.example.id" }),
    secret: z.string().min(32, 'a branch secret of at least 32 characters').optional(),
    secretFile: z.string().min(1).optional(),
    /** How often bookings, the catalogue and quotas are pulled. */
    pullEverySeconds: z.number().int().min(5).max(3600).default(60),
  })
  .refine((hq) => (hq.secret === undefined) !== (hq.secretFile === undefined), { message: 'give the branch secret as secretFile (a file only the hub may read) or as secret, not both', path: ['secretFile'] });

export const hubSection = z.strictObject({
  branch,
  listen: z.strictObject({ host: z.string().default('0.0.0.0'), port: z.number().int().min(0).max(65535).default(8080) }).default({ host: '0.0.0.0', port: 8080 }),
  /** The branch database and its logs live here; relative paths are from the profile's folder. */
  dataDir: z.string().min(1),
  /**
   * Online backups of the database: a folder (relative to the profile's folder; best on another
   * disk than dataDir, DATA_DIR/backups when not given), how often, and how many to keep.
   */
  backup: z
    .strictObject({
      dir: z.string().min(1).optional(),
      everyMinutes: z.number().int().min(5).max(1440).default(60),
      keep: z.number().int().min(1).max(1000).default(48),
    })
    .prefault({}),
  publicDisplay: z.boolean().default(false),
  /** The address phones reach the hub at, for the QR code on printed tickets, e.g. http://192.168.1.10:8080. */
  publicUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Network printers the hub runs itself; the supervisor binds each to one kiosk when pairing it. */
  printers: z
    .array(printerSection.extend({ name: z.string().regex(/^[^\u0000-\u001f\u007f-\u009f]{1,60}$/, 'a printer name of 1 to 60 characters, e.g. Printer lobby') }))
    .refine((list) => new Set(list.map((p) => p.name)).size === list.length, 'each printer needs its own name')
    .default([]),
  seed: seed.optional(),
  hq: hqSection.optional(),
  /**
   * HTTPS with a certificate the hub makes for itself (kept in DATA_DIR/tls), which each Electron
   * device pins when it is paired. `publicHttpPort` adds plain HTTP for the public pages only (the
   * phone status page, and the lobby display where publicDisplay allows it): phones cannot trust
   * the hub's own certificate.
   */
  https: z.strictObject({ publicHttpPort: z.number().int().min(0).max(65535).optional() }).optional(),
  /** Video booths: the STUN and TURN servers their calls use, and how long captured documents are kept. */
  video: z
    .strictObject({
      /** Empty on a branch LAN; an officer serving from outside it needs a TURN server here. */
      iceServers: z.array(iceServer).max(8).default([]),
      captureRetentionDays: z.number().int().min(1).max(3650).default(30),
    })
    .prefault({}),
});

const hubUrl = z.url({ protocol: /^https?$/, error: 'the hub address, for example https://192.168.1.10:8080' });

/**
 * The screen a window goes to: its index in the system's list of screens (0, 1, ...) or its label
 * as the system names it ("HDMI-2", "DELL P2419H"); the app lists both in its log at start.
 */
export const screenChoice = z.union([z.number().int().min(0).max(15), z.string().min(1).max(80)]);

/** Updates of the Electron app: a folder on a web server the branch reaches (HQ), electron-builder's generic provider. */
const updatesSection = z.strictObject({ url: z.url({ protocol: /^https?$/, error: 'the update folder, for example https://hq.example.id/antre/updates/' }) });

const deviceBase = {
  name: z.string().min(1).max(60),
  hubUrl,
  /** The screen of this device's window in the app; the display waits for it when it is not plugged in. */
  screen: screenChoice.optional(),
  updates: updatesSection.optional(),
};

/** The kiosk's own hardware, run by its device agent (in the app's main process, or antre agent). */
const kioskHardware = {
  /** The kiosk's own printer, run by its device agent. */
  printer: printerSection.optional(),
  /** A QR and barcode scanner in HID-POS or keyboard mode, read by the device agent. */
  scanner: scannerConfigSchema.optional(),
  /** Where the device agent keeps the token it got when it was paired (antre agent; the app keeps it in the OS keychain). */
  stateDir: z.string().default('.antre-agent'),
};

/**
 * One PC with several roles, e.g. a small branch's single PC running the hub, the kiosk on its
 * touchscreen and the lobby display on the TV. Each window is a device of its own, paired on its
 * own screen; with `hub`, the windows use this PC's hub and `hubUrl` may be left out.
 */
const stationProfile = z
  .strictObject({
    role: z.literal('station'),
    name: z.string().min(1).max(60),
    hub: hubSection.optional(),
    hubUrl: hubUrl.optional(),
    windows: z
      .array(z.strictObject({ role: z.enum(DEVICE_ROLES), name: z.string().min(1).max(60), screen: screenChoice.optional() }))
      .min(1)
      .refine((list) => new Set(list.map((w) => w.name)).size === list.length, 'each window needs its own name')
      .refine((list) => list.filter((w) => w.role === 'kiosk').length <= 1, 'one kiosk window per PC: its printer and scanner belong to it'),
    ...kioskHardware,
    updates: updatesSection.optional(),
  })
  .refine((p) => p.hub !== undefined || p.hubUrl !== undefined, { message: 'give hubUrl, or a hub section when this PC runs the hub', path: ['hubUrl'] })
  .refine((p) => (p.printer === undefined && p.scanner === undefined) || p.windows.some((w) => w.role === 'kiosk'), { message: 'a printer or scanner needs a kiosk window', path: ['printer'] });

export const profileSchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('hub'), hub: hubSection, updates: updatesSection.optional() }),
  z.strictObject({
    role: z.literal('demo'),
    hub: hubSection,
    /** Devices the demo pairs by itself, one per page. */
    devices: z
      .array(z.strictObject({ name: z.string().min(1).max(60), role: z.enum(DEVICE_ROLES), positionId: id.optional(), printer: z.string().optional() }))
      .min(1),
    /** The demo's printer: our virtual ESC/POS printer, writing each ticket as a PNG and a text file. */
    virtualPrinter: z.strictObject({ port: z.number().int().min(1).max(65535), outDir: z.string().min(1), paper: z.enum(['80mm', '58mm']).default('80mm') }).optional(),
  }),
  z.strictObject({ role: z.literal('kiosk'), ...deviceBase, ...kioskHardware }),
  ...DEVICE_ROLES.filter((role) => role !== 'kiosk').map((role) => z.strictObject({ role: z.literal(role), ...deviceBase })),
  stationProfile,
]);

export type Profile = z.infer<typeof profileSchema>;
export type HubSection = z.infer<typeof hubSection>;
export type HubSectionInput = z.input<typeof hubSection>;
export type HqSection = z.infer<typeof hqSection>;
