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

/** A table of the day report as its own file. */
export type DayCsvTable = 'services' | 'officers';

/**
 * How the file is written for the spreadsheet that opens it: words in the page's language, and
 * the separator of the reader's locale. Indonesian spreadsheets read `;` between cells and a
 * decimal comma (12,5), English ones `,` and a decimal point.
 */
export interface DayCsvFormat {
  lang: 'id' | 'en';
  separator: 'semicolon' | 'comma';
}

const HEADERS: Record<DayCsvTable, Record<DayCsvFormat['lang'], string[]>> = {
  services: {
    id: ['Tanggal', 'Kode layanan', 'Layanan', 'Tiket terbit', 'Menunggu', 'Sedang dilayani', 'Dilayani', 'Tuntas', 'Dokumen kurang', 'Ditolak', 'Dirujuk', 'Tidak hadir', 'Dibatalkan', 'Rata-rata tunggu (menit)', 'Tunggu terlama (menit)', 'Rata-rata layanan (menit)'],
    en: ['Date', 'Service code', 'Service', 'Tickets issued', 'Waiting', 'In service', 'Served', 'Completed', 'Documents incomplete', 'Rejected', 'Referred', 'No-show', 'Cancelled', 'Average wait (min)', 'Longest wait (min)', 'Average service (min)'],
  },
  officers: {
    id: ['Tanggal', 'ID petugas', 'Petugas', 'Dilayani', 'Tuntas', 'Rata-rata layanan (menit)', 'Jam bertugas', 'Layanan per jam'],
    en: ['Date', 'Officer ID', 'Officer', 'Served', 'Completed', 'Average service (min)', 'Hours on duty', 'Services per hour'],
  },
};

/** The file's name in the page's language: antre-2025-03-10-layanan.csv. */
export function dayCsvFileName(day: string, table: DayCsvTable, lang: DayCsvFormat['lang']): string {
  const word = { services: { id: 'layanan', en: 'services' }, officers: { id: 'petugas', en: 'officers' } }[table][lang];
  return `antre-${day}-${word}.csv`;
}

/** Minutes to one decimal: a supervisor compares services, and a short service is not 0. */
const minutes = (seconds: number | null): number | null => (seconds === null ? null : Math.round(seconds / 6) / 10);

/** A cell as the spreadsheet reads it: numbers with the locale's decimal mark, text that cannot run as a formula. */
function csvCell(value: string | number | null, format: DayCsvFormat): string {
  if (value === null) return '';
  if (typeof value === 'number') return format.separator === 'semicolon' ? String(value).replace('.', ',') : String(value);
  // A leading = + - @ (or a tab or return) would make a spreadsheet run the cell as a formula.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  const sep = format.separator === 'semicolon' ? ';' : ',';
  return safe.includes(sep) || /["\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * One table of the day report as a CSV file: a header row, then a row per service or officer,
 * each starting with the day so that several days' files can be put together. UTF-8 with a byte
 * order mark, without which Excel reads the file as the machine's legacy code page.
 */
export function dayReportCsv(report: DayReport, table: DayCsvTable, format: DayCsvFormat): string {
  const day = report.businessDay;
  const rows: (string | number | null)[][] =
    table === 'services'
      ? report.services.map((s) => [
          day, s.serviceCode, format.lang === 'id' ? s.labelId : s.labelEn, s.issued, s.waiting, s.inService, s.done, s.completed, s.documentsIncomplete,
          s.rejected, s.referred, s.noShow, s.cancelled, minutes(s.avgWaitSeconds), minutes(s.longestWaitSeconds), minutes(s.avgServiceSeconds),
        ])
      : report.officers.map((o) => [day, o.officerId, o.name, o.done, o.completed, minutes(o.avgServiceSeconds), o.hoursOnDuty, o.perHour]);
  const sep = format.separator === 'semicolon' ? ';' : ',';
  const lines = [HEADERS[table][format.lang], ...rows].map((row) => row.map((cell) => csvCell(cell, format)).join(sep));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
