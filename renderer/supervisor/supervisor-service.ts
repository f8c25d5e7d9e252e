import type {
  DayBookingsResponse,
  DayReport,
  DeviceBinding,
  DeviceRole,
  DeviceView,
  PolicyConfig,
  PolicyPreviewResponse,
  Position,
  PositionKind,
  ReleaseSessionResponse,
  Service,
  StaffOverview,
  SupervisorOverview,
  TicketView,
} from '../../main/wire/schemas.js';
import { hubGet, hubPost, hubPut, HubError } from '../lib/api/hub-client.js';
import type { Problem } from './hub-problem.js';

/** The supervisor page's requests to the hub. Every call settles as a value or a Problem, never a throw. */
export type Result<T> = { ok: true; value: T } | { ok: false; problem: Problem };

async function attempt<T>(request: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await request() };
  } catch (err) {
    if (err instanceof HubError) {
      return { ok: false, problem: { status: err.status, code: err.code, reason: err.reason, params: err.params, message: err.message, details: err.details } };
    }
    return { ok: false, problem: { status: 0, code: 'unreachable', message: String(err) } };
  }
}

const service = (code: string) => `/services/${encodeURIComponent(code)}`;

export const loadOverview = () => attempt(() => hubGet<SupervisorOverview>('/supervisor/overview'));

export const loadDayReport = (day: string) => attempt(() => hubGet<DayReport>(`/reports/day?day=${encodeURIComponent(day)}`));

/** How a spreadsheet file is written: `;` with a decimal comma (Indonesian spreadsheets) or `,` with a decimal point. */
export type CsvSeparator = 'semicolon' | 'comma';

/** One table of a day's report as a CSV file, headers in the page's language; the hub sends it as a download. */
export const dayReportCsvUrl = (day: string, table: 'services' | 'officers', lang: 'id' | 'en', separator: CsvSeparator) =>
  `/api/v1/reports/day/${table}.csv?${new URLSearchParams({ day, lang, separator })}`;

/** A day's online bookings with their check-in state. */
export const loadBookings = (day: string) => attempt(() => hubGet<DayBookingsResponse>(`/bookings?day=${encodeURIComponent(day)}`));

export const loadPolicy = () => attempt(() => hubGet<{ policy: PolicyConfig }>('/settings/policy'));

export const savePolicy = (change: Partial<PolicyConfig>) => attempt(() => hubPut<{ policy: PolicyConfig }>('/settings/policy', change));

/** What every active position would call next under a draft policy; nothing is saved. */
export const previewPolicy = (draft: Partial<PolicyConfig>, count: number) => attempt(() => hubPost<PolicyPreviewResponse>('/settings/policy/preview', { policy: draft, count }));

/** Signs out an officer who cannot (their console went offline): their called and serving tickets go back to the queue. */
export const signOutOfficer = (officerId: string, reason: string) =>
  attempt(() => hubPost<ReleaseSessionResponse>(`/officers/${encodeURIComponent(officerId)}/sign-out`, { reason }));

export const setServiceOpen = (code: string, isOpen: boolean) => attempt(() => hubPut<{ service: Service }>(`${service(code)}/open`, { isOpen }));

export const setTodaysQuota = (code: string, quota: number) =>
  attempt(() => hubPut<{ serviceCode: string; businessDay: string; quota: number }>(`${service(code)}/quota-today`, { quota }));

export const setTicker = (text: string) => attempt(() => hubPut<{ ticker: string }>('/settings/ticker', { text }));

/** Approves a waiting device: its role and what it serves (a booth, a printer), or the paired device it becomes part of. */
export const approveDevice = (code: string, approval: { role: DeviceRole; name?: string; joinDeviceId?: string } & DeviceBinding) =>
  attempt(() => hubPost<{ device: DeviceView }>('/devices/approve', { code, ...approval }));

export const bindDevice = (deviceId: string, binding: DeviceBinding) =>
  attempt(() => hubPut<{ device: DeviceView }>(`/devices/${encodeURIComponent(deviceId)}/binding`, binding));

export const revokeDevice = (deviceId: string) => attempt(() => hubPost<{ revoked: string }>(`/devices/${encodeURIComponent(deviceId)}/revoke`));

export const cancelTicket = (ticketId: string, reason: string) =>
  attempt(() => hubPost<{ ticket: TicketView }>(`/tickets/${encodeURIComponent(ticketId)}/cancel`, { reason }));

/** The part of a queued print job the page uses (the wire module does not export the job's type). */
export interface QueuedPrint {
  id: string;
  ticketId: string;
  deviceId: string;
}

/** Prints the ticket again: on the kiosk that printed it last, or on the one named. */
export const reprintTicket = (ticketId: string, deviceId: string | null) =>
  attempt(() => hubPost<{ job: QueuedPrint }>(`/tickets/${encodeURIComponent(ticketId)}/reprint`, deviceId ? { deviceId } : {}));

/** This browser as the hub knows it, so the page can tell its own pairing from the others. */
export const loadCurrentDevice = () => attempt(() => hubGet<{ device: { id: string; name: string; role: DeviceRole | null } | null }>('/devices/current'));

/** Officers with their lock and duty, positions with their services, who serves them and what they hold. */
export const loadStaff = () => attempt(() => hubGet<StaffOverview>('/staff'));

interface OfficerAnswer {
  officer: { id: string; name: string; active: boolean };
}
const officer = (id: string) => `/officers/${encodeURIComponent(id)}`;

/** Adds an officer (a PIN is needed then) or renames, disables or enables one; the PIN stays unless a new one is given. */
export const saveOfficer = (id: string, change: { name: string; active?: boolean; pin?: string }) => attempt(() => hubPut<OfficerAnswer>(officer(id), change));

/** A new PIN for the officer; it also unlocks them. */
export const resetOfficerPin = (id: string, pin: string) => attempt(() => hubPut<OfficerAnswer>(`${officer(id)}/pin`, { pin }));

export const unlockOfficer = (id: string) => attempt(() => hubPost<OfficerAnswer>(`${officer(id)}/unlock`));

/** Adds or changes a counter or booth; `active` left out keeps it as it is. */
export const savePosition = (id: string, position: { kind: PositionKind; label: string; services: string[]; active?: boolean }) =>
  attempt(() => hubPut<{ position: Position }>(`/positions/${encodeURIComponent(id)}`, position));
