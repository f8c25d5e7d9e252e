import { z } from 'zod';
import { pinSchema } from '../../wire/schemas.js';
import { HttpError } from '../http-errors.js';
import { hashPin, verifyPin } from '../pin-hash.js';
import { route } from '../route.js';

/** Where the hash of the PIN that lets staff leave kiosk mode lives: the settings table, never an event. */
export const EXIT_PIN_SETTING = 'shell.exitPinHash';

const pinBody = z.strictObject({ pin: pinSchema });
const windowFaultBody = z.strictObject({
  fault: z.enum(['crashed', 'unresponsive']),
  reason: z.string().regex(/^[a-z-]{1,40}$/, "Electron's reason, e.g. crashed or oom").optional(),
  crashesLastMinute: z.number().int().min(0).max(100),
});

/**
 * The app's locked screens (kiosk, booth, and a display) leave kiosk mode only with the
 * supervisor's PIN, checked here so that it is one PIN for the branch, changed in one place, and
 * guesses are counted per device like officers' PINs.
 */
export const shellRoutes = [
  route({
    method: 'PUT', url: '/settings/exit-pin', tag: 'devices', access: ['supervisor'], status: 204, body: pinBody,
    summary: "Sets the supervisor's PIN that lets staff leave kiosk mode on the app's locked screens (kiosk, booth, display). Stored hashed, outside the event log.",
    handle: async ({ body, device }, { queue, log }) => {
      queue.store.setSetting(EXIT_PIN_SETTING, await hashPin(body.pin));
      log.info('exit_pin.set', { deviceId: device?.id ?? null });
      return undefined;
    },
  }),
  route({
    method: 'POST', url: '/devices/current/window-faults', tag: 'devices', access: ['kiosk', 'display', 'booth', 'console', 'supervisor'], status: 204, body: windowFaultBody,
    summary: "The app tells the hub that one of its windows' pages crashed or hung and was reloaded (or shows its local error page): written to the hub's log.",
    handle: ({ body, device }, { log }) => {
      log.warn('device.window_fault', { deviceId: device!.id, device: device!.name, fault: body.fault, reason: body.reason ?? null, crashesLastMinute: body.crashesLastMinute });
      return undefined;
    },
  }),
  route({
    method: 'POST', url: '/devices/current/exit-check', tag: 'devices', access: ['kiosk', 'booth', 'display'], body: pinBody,
    summary: "Checks the supervisor's PIN a person typed on a locked screen to leave kiosk mode. Wrong PINs are counted per device: after 5, it waits 30 s, doubling.",
    handle: async ({ body, device, ip }, { queue, log, limits }) => {
      const stored = queue.store.setting<string>(EXIT_PIN_SETTING);
      if (!stored) throw new HttpError(409, 'conflict', 'no PIN for leaving kiosk mode is set: set one with antre exit-pin on the hub PC', { field: 'pin', reason: 'exit_pin_not_set', params: {} });
      const keys = [`exit:${device!.id}`];
      const wait = limits.pin.reserve(keys);
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        throw new HttpError(429, 'too_many_attempts', `too many wrong PINs: try again in ${seconds} seconds`, { field: 'pin', retryAfterSeconds: seconds, reason: 'too_many_pin_attempts', params: { seconds } });
      }
      if (!(await verifyPin(body.pin, stored))) {
        log.warn('exit_pin.wrong', { deviceId: device!.id, ip });
        throw new HttpError(401, 'bad_credentials', "wrong supervisor's PIN", { field: 'pin', reason: 'exit_pin_wrong', params: {} });
      }
      limits.pin.succeed(keys);
      log.info('exit_pin.used', { deviceId: device!.id, ip });
      return { ok: true };
    },
  }),
];
