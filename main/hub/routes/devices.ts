import { approveBody, deviceBindingBody, deviceParams, pairingClaimBody, pairingRequestBody, setupBody } from '../../wire/schemas.js';
import { HttpError } from '../http-errors.js';
import { route } from '../route.js';

/** Only the hub machine itself: the setup code works from here until it is used. */
const isLoopback = (ip: string) => ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';

const tooMany = () => new HttpError(429, 'too_many_attempts', 'too many pairing requests from this address: wait a minute', { field: 'name', reason: 'too_many_pairing_requests', params: {} });

export const deviceRoutes = [
  route({
    method: 'POST', url: '/pairing', tag: 'devices', access: 'public', status: 201, body: pairingRequestBody,
    summary: 'A new device asks to be paired, naming the page it opened; it shows the returned code and keeps the claim secret.',
    handle: ({ body, ip }, { devices, limits, log }) => {
      if (!limits.pairing.take(ip)) throw tooMany();
      const request = devices.requestPairing(body.name, { role: body.role, kind: body.kind });
      log.info('device.pairing_requested', { deviceId: request.deviceId, name: body.name, role: body.role ?? null, kind: body.kind, ip });
      return request;
    },
  }),
  route({
    method: 'POST', url: '/pairing/:deviceId/claim', tag: 'devices', access: 'public', params: deviceParams, body: pairingClaimBody,
    summary: "The device collects its token once a supervisor approved its code; until then status is 'pending'. A page asks for it as a cookie.",
    handle: ({ params, body, setTokenCookie }, { devices, log }) => {
      const claim = devices.claim(params.deviceId, body.claimSecret);
      if (claim.status !== 'active') return claim;
      log.info('device.claimed', { deviceId: claim.deviceId, role: claim.role });
      if (!body.cookie) return claim;
      setTokenCookie(claim.token);
      return { status: claim.status, role: claim.role, deviceId: claim.deviceId };
    },
  }),
  route({
    method: 'POST', url: '/setup', tag: 'devices', access: 'public', status: 201, body: setupBody,
    summary: "Pairs the branch's first supervisor with the one-time code antre setup printed; the browser gets its token as a cookie.",
    handle: ({ body, ip, setTokenCookie }, { setup, limits, log }) => {
      if (!limits.pairing.take(ip)) throw tooMany();
      const paired = setup.claim(body.code, body.name, isLoopback(ip));
      setTokenCookie(paired.token);
      log.info('setup.first_supervisor', { deviceId: paired.deviceId, name: body.name, ip });
      return { device: { id: paired.deviceId, name: body.name, role: 'supervisor' } };
    },
  }),
  route({
    method: 'GET', url: '/devices/current', tag: 'devices', access: 'read',
    summary: 'The calling device: its id, name, role and booth position (null for the token-free lobby display).',
    handle: ({ device }) => ({ device }),
  }),
  route({
    method: 'GET', url: '/devices', tag: 'devices', access: ['supervisor'],
    summary: "Paired and waiting devices with their role, what they serve and last contact, and the hub's network printers.",
    handle: (_input, { devices }) => ({ devices: devices.devices(), hubPrinters: devices.hubPrinters() }),
  }),
  route({
    method: 'POST', url: '/devices/approve', tag: 'devices', access: ['supervisor'], body: approveBody,
    summary: 'Approve the device showing this code: its role, a booth screen its booth, a kiosk its printer; or join it to a paired device (a kiosk\'s page and its agent).',
    handle: ({ body }, { devices, log }) => {
      const { code, ...input } = body;
      const device = devices.approve(code, input);
      log.info('device.approved', { deviceId: device.joinDeviceId ?? device.id, name: device.name, role: device.role, positionId: device.positionId, printer: device.printer, joined: device.joinDeviceId !== null });
      return { device };
    },
  }),
  route({
    method: 'PUT', url: '/devices/:deviceId/binding', tag: 'devices', access: ['supervisor'], params: deviceParams, body: deviceBindingBody,
    summary: "Change what a paired device serves: a booth screen's booth, a kiosk's printer.",
    handle: ({ params, body }, { devices, log }) => {
      const device = devices.bind(params.deviceId, body);
      log.info('device.bound', { deviceId: device.id, positionId: device.positionId, printer: device.printer });
      return { device };
    },
  }),
  route({
    method: 'POST', url: '/devices/:deviceId/revoke', tag: 'devices', access: ['supervisor'], params: deviceParams,
    summary: "Revoke a device's pairing; its tokens stop working at once and its screens go back to their pairing code.",
    handle: ({ params }, { devices, log }) => {
      devices.revoke(params.deviceId);
      log.info('device.revoked', { deviceId: params.deviceId });
      return { revoked: params.deviceId };
    },
  }),
];
