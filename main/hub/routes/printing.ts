import { printJobParams, printerStatusBody, printResultBody, reprintBody, scanBody, ticketParams } from '../../wire/schemas.js';
import { printJobMessage } from '../printable-ticket.js';
import { route } from '../route.js';

/**
 * Print jobs, for the device agent that runs a kiosk's printer: it lists its open jobs, marks one
 * started, reports how it went, and reports what its printer says. The supervisor reprints.
 */
export const printingRoutes = [
  route({
    method: 'GET', url: '/print-jobs', tag: 'printing', access: ['kiosk'],
    summary: "This kiosk's print jobs still to print, oldest first, with what to print.",
    handle: ({ device, baseUrl }, { queue }) => ({
      jobs: queue.store.openPrintJobs(device!.id).filter((j) => j.state === 'queued').map((j) => printJobMessage(queue, j, baseUrl)),
    }),
  }),
  route({
    method: 'POST', url: '/print-jobs/:jobId/start', tag: 'printing', access: ['kiosk'], params: printJobParams,
    summary: 'The agent is about to print this job.',
    handle: ({ params, device }, { queue }) => ({ job: queue.startPrint(params.jobId, device!.id) }),
  }),
  route({
    method: 'POST', url: '/print-jobs/:jobId/result', tag: 'printing', access: ['kiosk'], params: printJobParams, body: printResultBody,
    summary: 'How the print went: printed (with a warning such as paper near its end) or failed with the reason.',
    handle: ({ params, body, device }, { queue }) => ({ job: queue.finishPrint(params.jobId, device!.id, body) }),
  }),
  route({
    method: 'POST', url: '/print-jobs/interrupted', tag: 'printing', access: ['kiosk'],
    summary: 'Sent by an agent as it starts: jobs it left printing are marked failed (interrupted) for a reprint, never printed twice.',
    handle: ({ device }, { queue }) => ({ jobs: queue.interruptUnfinishedPrints(device!.id) }),
  }),
  route({
    method: 'PUT', url: '/printer-status', tag: 'printing', access: ['kiosk'], body: printerStatusBody,
    summary: "What this kiosk's printer says now (ready, paper near end, paper out, cover open, offline, error, unreachable).",
    handle: ({ body, device }, { queue }) => ({ changed: queue.reportPrinterStatus(device!.id, body.status, body.detail) }),
  }),
  route({
    method: 'POST', url: '/scans', tag: 'printing', access: ['kiosk'], body: scanBody, status: 202,
    summary: "A code this kiosk's scanner read, relayed to this kiosk's page (and no other device) as a scan message on its stream; never stored. `delivered` is 0 when the page is not connected.",
    handle: ({ body, device }, { scans }) => ({ accepted: true, delivered: scans.relay(device!.id, body.code) }),
  }),
  route({
    method: 'POST', url: '/tickets/:ticketId/reprint', tag: 'printing', access: ['supervisor'], params: ticketParams, body: reprintBody,
    summary: "Print a ticket again, on its kiosk's printer unless another kiosk is named.",
    status: 201,
    handle: ({ params, body }, { queue }) => ({ job: queue.reprintTicket(params.ticketId, body.deviceId) }),
  }),
];
