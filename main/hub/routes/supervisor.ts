import {
  bookingsBody,
  officerBody,
  officerParams,
  policyBody,
  positionBody,
  positionParams,
  quotaBody,
  serviceBody,
  serviceOpenBody,
  serviceParams,
  tickerBody,
  type OfficersResponse,
} from '../../wire/schemas.js';
import { hashPin } from '../pin-hash.js';
import { route } from '../route.js';

export const supervisorRoutes = [
  route({
    method: 'PUT', url: '/services/:code', tag: 'supervisor', access: ['supervisor'], params: serviceParams, body: serviceBody,
    summary: 'Add or change a service of the branch catalogue.',
    handle: ({ params, body }, { queue }) => ({ service: queue.saveService({ code: params.code, ...body }) }),
  }),
  route({
    method: 'PUT', url: '/services/:code/open', tag: 'supervisor', access: ['supervisor'], params: serviceParams, body: serviceOpenBody,
    summary: 'Open or close a service for new tickets; tickets already waiting are still served.',
    handle: ({ params, body }, { queue }) => ({ service: queue.setServiceOpen(params.code, body.isOpen) }),
  }),
  route({
    method: 'PUT', url: '/services/:code/quota-today', tag: 'supervisor', access: ['supervisor'], params: serviceParams, body: quotaBody,
    summary: "Set today's quota of a service; tomorrow it is back to the daily quota.",
    handle: ({ params, body }, { queue }) => queue.setTodaysQuota(params.code, body.quota),
  }),
  route({
    method: 'PUT', url: '/settings/ticker', tag: 'supervisor', access: ['supervisor'], body: tickerBody,
    summary: 'The ticker line on the lobby displays.',
    handle: ({ body }, { queue }) => {
      queue.setTicker(body.text);
      return { ticker: body.text };
    },
  }),
  route({
    method: 'GET', url: '/settings/policy', tag: 'supervisor', access: ['supervisor', 'console'],
    summary: 'The calling policy in force.',
    handle: (_input, { queue }) => ({ policy: queue.policy() }),
  }),
  route({
    method: 'PUT', url: '/settings/policy', tag: 'supervisor', access: ['supervisor'], body: policyBody,
    summary: 'Change the calling policy: booking tolerances, priority ratio, wait ceiling, recalls.',
    handle: ({ body }, { queue }) => ({ policy: queue.setPolicy(body) }),
  }),
  route({
    method: 'PUT', url: '/positions/:positionId', tag: 'supervisor', access: ['supervisor'], params: positionParams, body: positionBody,
    summary: 'Add or change a booth or counter and the services it serves.',
    handle: ({ params, body }, { queue }) => ({ position: queue.savePosition({ id: params.positionId, ...body }) }),
  }),
  route({
    method: 'GET', url: '/officers', tag: 'supervisor', access: ['supervisor', 'console'],
    summary: "The branch's officers (names only).",
    handle: (_input, { queue }) => ({ officers: queue.store.officers() }) satisfies OfficersResponse,
  }),
  route({
    method: 'PUT', url: '/officers/:officerId', tag: 'supervisor', access: ['supervisor'], params: officerParams, body: officerBody,
    summary: 'Add or change an officer and their PIN.',
    handle: async ({ params, body }, { queue }) => {
      queue.saveOfficer({ id: params.officerId, name: body.name, pinHash: await hashPin(body.pin), active: body.active });
      return { officer: { id: params.officerId, name: body.name, active: body.active } };
    },
  }),
  route({
    method: 'POST', url: '/bookings', tag: 'supervisor', access: ['supervisor'], body: bookingsBody, bodyLimitBytes: 2 * 1024 * 1024,
    summary: 'Load online bookings for this branch (headquarters sync does this when it is up).',
    handle: ({ body }, { queue }) => {
      queue.importBookings(body.bookings);
      return { imported: body.bookings.length };
    },
  }),
];
