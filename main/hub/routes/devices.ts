import { approveBody, deviceParams, pairingClaimBody, pairingRequestBody } from '../../wire/schemas.js';
import { HttpError } from '../http-errors.js';
import { route } from '../route.js';

export const deviceRoutes = [
  route({
    method: 'POST', url: '/pairing', tag: 'devices', access: 'public', status: 201, body: pairingRequestBody,
    summary: 'A new device asks to be paired; it shows the returned code and keeps the claim secret.',
    handle: ({ body, ip }, { devices, limits }) => {
      if (!limits.pairing.take(ip)) throw new HttpError(429, 'too_many_attempts', 'too many pairing requests from this address: wait a minute', { field: 'name' });
      return devices.requestPairing(body.name);
    },
  }),
  route({
    method: 'POST', url: '/pairing/:deviceId/claim', tag: 'devices', access: 'public', params: deviceParams, body: pairingClaimBody,
    summary: "The device collects its token once a supervisor approved its code; until then status is 'pending'.",
    handle: ({ params, body }, { devices }) => devices.claim(params.deviceId, body.claimSecret),
  }),
  route({
    method: 'GET', url: '/devices/current', tag: 'devices', access: 'read',
    summary: 'The calling device: its id, name and role (null for the token-free lobby display).',
    handle: ({ device }) => ({ device }),
  }),
  route({
    method: 'GET', url: '/devices', tag: 'devices', access: ['supervisor'],
    summary: 'Paired and waiting devices with their role and last contact.',
    handle: (_input, { devices }) => ({ devices: devices.devices() }),
  }),
  route({
    method: 'POST', url: '/devices/approve', tag: 'devices', access: ['supervisor'], body: approveBody,
    summary: 'Approve the device showing this code, with the role it will have.',
    handle: ({ body }, { devices }) => ({ device: devices.approve(body.code, body.role, body.name) }),
  }),
  route({
    method: 'POST', url: '/devices/:deviceId/revoke', tag: 'devices', access: ['supervisor'], params: deviceParams,
    summary: "Revoke a device's pairing; its token stops working at once.",
    handle: ({ params }, { devices }) => {
      devices.revoke(params.deviceId);
      return { revoked: params.deviceId };
    },
  }),
];
