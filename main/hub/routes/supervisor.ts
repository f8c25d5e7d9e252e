import {
  bookingsBody,
  officerBody,
  officerParams,
  officerPinBody,
  policyBody,
  positionBody,
  positionParams,
  quotaBody,
  releaseSessionBody,
  serviceBody,
  serviceOpenBody,
  serviceParams,
  tickerBody,
  type OfficersResponse,
  type ReleaseSessionResponse,
  type StaffOverview,
} from '../../wire/schemas.js';
import { toTicketView } from '../../queue/ticket-view.js';
import { hashPin } from '../pin-hash.js';
import { route, type HubDeps } from '../route.js';

const officerView = ({ id, name, active }: { id: string; name: string; active: boolean }) => ({ officer: { id, name, active } });

/** A supervisor lifted the officer's lock: the hub's own wait on guessing them is lifted too. */
const forgiveGuesses = ({ limits }: HubDeps, officerId: string) => limits.pin.forgive(`officer:${officerId}`);

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
    summary: 'Add or change a booth or counter, the services it serves and whether it is active; one holding a ticket or staffed cannot be deactivated.',
    handle: ({ params, body }, { queue, log }) => {
      const position = queue.savePosition({ id: params.positionId, ...body });
      log.info('position.saved', { positionId: position.id, kind: position.kind, label: position.label, active: position.active, services: position.services });
      return { position };
    },
  }),
  route({
    method: 'GET', url: '/staff', tag: 'supervisor', access: ['supervisor'],
    summary: 'Officers with whether they are active, locked and on duty; positions with their services, who serves them and the ticket they hold.',
    handle: (_input, { queue }) => queue.staffOverview() satisfies StaffOverview,
  }),
  route({
    method: 'GET', url: '/officers', tag: 'supervisor', access: ['supervisor', 'console'],
    summary: "The branch's officers (names only).",
    handle: (_input, { queue }) => ({ officers: queue.store.officers().map((o) => officerView(o).officer) }) satisfies OfficersResponse,
  }),
  route({
    method: 'PUT', url: '/officers/:officerId', tag: 'supervisor', access: ['supervisor'], params: officerParams, body: officerBody,
    summary: 'Add an officer (with a PIN) or rename, disable or enable one (the PIN is kept unless a new one is given). Disabling signs them out.',
    handle: async ({ params, body }, deps) => {
      const pinHash = body.pin === undefined ? undefined : await hashPin(body.pin);
      const officer = deps.queue.saveOfficer({ id: params.officerId, name: body.name, active: body.active, pinHash });
      if (pinHash !== undefined) forgiveGuesses(deps, params.officerId);
      deps.log.info('officer.saved', { officerId: officer.id, name: officer.name, active: officer.active });
      if (pinHash !== undefined) deps.log.info('officer.pin_reset', { officerId: officer.id });
      return officerView(officer);
    },
  }),
  route({
    method: 'PUT', url: '/officers/:officerId/pin', tag: 'supervisor', access: ['supervisor'], params: officerParams, body: officerPinBody,
    summary: "Give an officer a new PIN; it also unlocks them.",
    handle: async ({ params, body }, deps) => {
      const officer = deps.queue.resetPin(params.officerId, await hashPin(body.pin));
      forgiveGuesses(deps, params.officerId);
      deps.log.info('officer.pin_reset', { officerId: officer.id });
      return officerView(officer);
    },
  }),
  route({
    method: 'POST', url: '/officers/:officerId/unlock', tag: 'supervisor', access: ['supervisor'], params: officerParams,
    summary: 'Unlock an officer locked after too many wrong PINs; their PIN stays as it is.',
    handle: ({ params }, deps) => {
      const officer = deps.queue.unlockOfficer(params.officerId);
      forgiveGuesses(deps, params.officerId);
      deps.log.info('officer.unlocked', { officerId: officer.id });
      return officerView(officer);
    },
  }),
  route({
    method: 'POST', url: '/officers/:officerId/sign-out', tag: 'supervisor', access: ['supervisor'], params: officerParams, body: releaseSessionBody,
    summary: "Sign out an officer who cannot do it themselves (their console went offline), with a reason: the tickets they called or were serving go back to their queues with their number and arrival time.",
    handle: ({ params, body }, { queue, log }) => {
      const { session, requeued } = queue.releaseSession(params.officerId, body.reason);
      log.info('officer.signed_out_by_supervisor', { officerId: session.officerId, sessionId: session.id, positions: session.positions, requeued: requeued.map((t) => t.displayNumber), reason: body.reason });
      return { sessionId: session.id, requeued: requeued.map(toTicketView) } satisfies ReleaseSessionResponse;
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
