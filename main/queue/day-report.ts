import { startOfBusinessDay } from './business-day.js';
import { today, type QueueContext } from './context.js';
import type { DayReport, OfficerDay, ServiceDay } from './types.js';

export type { DayReport, OfficerDay, ServiceDay };

const seconds = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 1000));
const HOUR = 3_600_000;

/** The per-service and per-officer summary of a business day, live for today. */
export function dayReport(ctx: QueueContext, day: string = today(ctx)): DayReport {
  return ctx.store.read(() => {
    const now = ctx.clock();
    const rows = new Map(ctx.store.dayServiceStats(day).map((r) => [r.serviceCode, r]));
    const services = ctx.store.services().map((s): ServiceDay => {
      const r = rows.get(s.code);
      const waitingLongest = r?.oldestWaitingArrival != null && day === today(ctx, now) ? now - r.oldestWaitingArrival : null;
      const longest = Math.max(r?.longestWaitMs ?? -1, waitingLongest ?? -1);
      return {
        serviceCode: s.code,
        labelId: s.labelId,
        labelEn: s.labelEn,
        issued: r?.issued ?? 0,
        waiting: r?.waiting ?? 0,
        inService: r?.inService ?? 0,
        done: r?.done ?? 0,
        completed: r?.completed ?? 0,
        documentsIncomplete: r?.documentsIncomplete ?? 0,
        rejected: r?.rejected ?? 0,
        referred: r?.referred ?? 0,
        noShow: r?.noShow ?? 0,
        cancelled: r?.cancelled ?? 0,
        avgWaitSeconds: seconds(r?.avgWaitMs ?? null),
        longestWaitSeconds: longest < 0 ? null : seconds(longest),
        avgServiceSeconds: seconds(r?.avgServiceMs ?? null),
      };
    });
    const from = startOfBusinessDay(day, ctx.branch.timeZone);
    const to = Math.min(now, from + 24 * HOUR);
    const duty = new Map<string, number>();
    for (const s of ctx.store.sessionsBetween(from, to)) {
      const ms = Math.min(s.endedAt ?? to, to) - Math.max(s.startedAt, from);
      duty.set(s.officerId, (duty.get(s.officerId) ?? 0) + Math.max(0, ms));
    }
    const officers = ctx.store.dayOfficerStats(day).map((o): OfficerDay => {
      const hours = (duty.get(o.officerId) ?? 0) / HOUR;
      return {
        officerId: o.officerId,
        name: o.name,
        done: o.done,
        completed: o.completed,
        avgServiceSeconds: seconds(o.avgServiceMs),
        hoursOnDuty: Math.round(hours * 100) / 100,
        perHour: hours >= 0.25 ? Math.round((o.done / hours) * 10) / 10 : null,
      };
    });
    return { businessDay: day, services, officers };
  });
}

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  // A leading = + - @ would make a spreadsheet run the cell as a formula.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The day report as one CSV file: a section per service, then a section per officer. */
export function dayReportCsv(report: DayReport): string {
  const lines: unknown[][] = [
    ['business_day', report.businessDay],
    [],
    ['service', 'label', 'issued', 'waiting', 'in_service', 'done', 'completed', 'documents_incomplete', 'rejected', 'referred', 'no_show', 'cancelled', 'avg_wait_s', 'longest_wait_s', 'avg_service_s'],
    ...report.services.map((s) => [s.serviceCode, s.labelId, s.issued, s.waiting, s.inService, s.done, s.completed, s.documentsIncomplete, s.rejected, s.referred, s.noShow, s.cancelled, s.avgWaitSeconds, s.longestWaitSeconds, s.avgServiceSeconds]),
    [],
    ['officer', 'name', 'done', 'completed', 'avg_service_s', 'hours_on_duty', 'per_hour'],
    ...report.officers.map((o) => [o.officerId, o.name, o.done, o.completed, o.avgServiceSeconds, o.hoursOnDuty, o.perHour]),
  ];
  return `${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
