import { z } from 'zod';
import { dayReportCsv } from '../../queue/day-report.js';
import { positionParams, type PreviewResponse, type SupervisorOverview } from '../../wire/schemas.js';
import { printerMessage } from '../printer-messages.js';
import { route } from '../route.js';

const dayQuery = z.strictObject({ day: z.iso.date().optional() });
/** A device not heard from for this long is shown as offline. */
const ONLINE_WITHIN_MS = 2 * 60_000;

export const reportRoutes = [
  route({
    method: 'GET', url: '/supervisor/overview', tag: 'supervisor', access: ['supervisor'],
    summary: "Today live: per service waiting, served, average and longest wait; each officer's services per hour; devices and their last contact; the hub's storage, disk and backups with their folders; sync with headquarters (connected, last success, events waiting, why the last try failed).",
    handle: (_input, { queue, devices, health, sync }) => {
      const now = queue.clock();
      const all = devices.devices();
      const nameOf = (id: string) => all.find((d) => d.id === id)?.name ?? id;
      return {
        now,
        report: queue.dayReport(),
        devices: all.map((d) => ({ ...d, online: d.status === 'active' && d.lastSeenAt !== null && now - d.lastSeenAt < ONLINE_WITHIN_MS })),
        hubPrinters: devices.hubPrinters(),
        printers: queue.store.printerStatuses().map((p) => ({ ...p, deviceName: nameOf(p.deviceId), message: printerMessage(nameOf(p.deviceId), p.status, p.detail) })),
        printFailures: queue.unresolvedPrintFailures().map((j) => {
          const ticket = queue.store.ticket(j.ticketId)!;
          return { jobId: j.id, ticketId: j.ticketId, displayNumber: ticket.displayNumber, deviceId: j.deviceId, deviceName: nameOf(j.deviceId), reason: j.reason!, at: j.updatedAt, message: printerMessage(nameOf(j.deviceId), j.reason!, null) };
        }),
        health: { ...health.report(), paths: health.paths },
        sync: sync?.status() ?? null,
      } satisfies SupervisorOverview;
    },
  }),
  route({
    method: 'GET', url: '/reports/day', tag: 'supervisor', access: ['supervisor'], query: dayQuery,
    summary: 'End of day: the summary per service and per officer (today unless a day is given).',
    handle: ({ query }, { queue }) => queue.dayReport(query.day),
  }),
  route({
    method: 'GET', url: '/reports/day.csv', tag: 'supervisor', access: ['supervisor'], query: dayQuery,
    download: { type: 'text/csv; charset=utf-8', filename: ({ query }) => `antre-day-${query.day ?? 'today'}.csv` },
    summary: 'The end-of-day summary as a CSV file.',
    handle: ({ query }, { queue }) => dayReportCsv(queue.dayReport(query.day)),
  }),
  route({
    method: 'GET', url: '/positions/:positionId/preview', tag: 'console', access: ['console', 'supervisor'], params: positionParams,
    query: z.strictObject({ count: z.coerce.number().int().min(1).max(20).default(5) }),
    summary: 'The next tickets the calling policy would call to this position, with why.',
    handle: ({ params, query }, { queue }) => ({ picks: queue.previewPicks(params.positionId, query.count) }) satisfies PreviewResponse,
  }),
];
