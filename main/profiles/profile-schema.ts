import { z } from 'zod';
import { isValidTimeZone } from '../queue/business-day.js';
import { POSITION_KINDS } from '../queue/types.js';
import { bookingCodeSchema, DEVICE_ROLES, idSchema, pinSchema, serviceCodeSchema } from '../wire/schemas.js';

const id = idSchema;

const branch = z.strictObject({
  id,
  name: z.string().min(1).max(80),
  timeZone: z.string().refine(isValidTimeZone, 'an IANA time zone, for example Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)'),
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

export const hubSection = z.strictObject({
  branch,
  listen: z.strictObject({ host: z.string().default('0.0.0.0'), port: z.number().int().min(1).max(65535).default(8080) }).default({ host: '0.0.0.0', port: 8080 }),
  /** The branch database and its backups live here; relative paths are from the profile's folder. */
  dataDir: z.string().min(1),
  publicDisplay: z.boolean().default(false),
  seed: seed.optional(),
});

const deviceBase = {
  name: z.string().min(1).max(60),
  hubUrl: z.url({ protocol: /^https?$/, error: 'the hub address, for example http://192.168.1.10:8080' }),
};

export const profileSchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('hub'), hub: hubSection }),
  z.strictObject({
    role: z.literal('demo'),
    hub: hubSection,
    /** Devices the demo pairs by itself, one per page. */
    devices: z.array(z.strictObject({ name: z.string().min(1).max(60), role: z.enum(DEVICE_ROLES) })).min(1),
  }),
  ...DEVICE_ROLES.map((role) => z.strictObject({ role: z.literal(role), ...deviceBase })),
]);

export type Profile = z.infer<typeof profileSchema>;
export type HubSection = z.infer<typeof hubSection>;
