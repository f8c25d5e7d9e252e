import { z } from 'zod';
import { dayCsvFileName, dayReportCsv, type DayCsvTable } from '../../queue/day-report.js';
import {
  dayCsvQuery,
  policyPreviewBody,
  positionParams,
  type DayBookingsResponse,
  type PolicyPreviewResponse,
  type PreviewResponse,
  type SupervisorOverview,
} from '../../wire/schemas.js';
import { printerMessage } from '../printer-messages.js';
import { route } from '../route.js';

const dayQuery = z.strictObject({ day: z.iso.date().optional() });

/** One download per table of the end-of-day report: a spreadsheet opens each as one clean table. */
const dayCsvRoute = (table: DayCsvTable, what: string) =>
  route({
    method: 'GET', url: `/reports/day/${table}.csv`, tag: 'supervisor', access: ['supervisor'], query: dayCsvQuery,
    download: { type: 'text/csv; charset=utf-8', filename: ({ query }) => dayCsvFileName(query.day ?? 'today', table, query.lang) },
    summary: `The end-of-day summary ${what} as a CSV file: headers in the page's language (lang), times in minutes, UTF-8 with a byte order mark, cells separated by ; with a decimal comma (separator=semicolon, for Indonesian spreadsheets) or by , with a decimal point.`,
    handle: ({ query }, { queue }) => dayReportCsv(queue.dayReport(query.day), table, { lang: query.lang, separator: query.separator }),
  });
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
  dayCsvRoute('services', 'per service'),
  dayCsvRoute('officers', 'per officer'),
  route({
    method: 'GET', url: '/bookings', tag: 'supervisor', access: ['supervisor'], query: dayQuery,
    summary: "A day's online bookings (today unless a day is given) in slot order: booked, checked in (as which ticket, and where that ticket is now) or cancelled.",
    handle: ({ query }, { queue }) => queue.dayBookings(query.day) satisfies DayBookingsResponse,
  }),
  route({
    method: 'POST', url: '/settings/policy/preview', tag: 'supervisor', access: ['supervisor'], body: policyPreviewBody,
    summary: 'What every active position would call next under a draft of the calling policy; nothing is saved.',
    handle: ({ body }, { queue }) => queue.previewPolicy(body.policy, body.count) satisfies PolicyPreviewResponse,
  }),
  route({
    method: 'GET', url: '/positions/:positionId/preview', tag: 'console', access: ['console', 'supervisor'], params: positionParams,
    query: z.strictObject({ count: z.coerce.number().int().min(1).max(20).default(5) }),
    summary: 'The next tickets the calling policy would call to this position, with why.',
    handle: ({ params, query }, { queue }) => ({ picks: queue.previewPicks(params.positionId, query.count) }) satisfies PreviewResponse,
  }),
];
