import type { CallReason, CallSettings, CaptureView, OfficerSession, Outcome, TicketDocuments, TicketView } from '../../main/wire/schemas.js';
import { hubDelete, HubError, hubGet, hubPost, hubPut } from '../lib/api/hub-client.js';
import type { Lang } from '../lib/i18n/lang.js';
import { refusalText } from '../lib/i18n/refusals.js';
import { TEXT } from './console-text.js';
import type { TransferTo } from './transfer-choices.js';

/** The console's calls to the hub. Every one throws a HubError; `failureText` words it in the officer's language. */

export interface Officer {
  id: string;
  name: string;
  active: boolean;
}

export interface TicketDetail {
  ticket: TicketView;
  nikMasked: string | null;
  notes: string | null;
}

/** What the officer ticked and wrote so far for the ticket in front of them, kept on the hub. */
export interface ServiceDraft {
  checked: string[];
  notes: string;
}

export interface Pick {
  ticket: TicketView;
  reason: CallReason;
}

type TicketAnswer = Promise<{ ticket: TicketView }>;

export const consoleService = {
  officers: async () => (await hubGet<{ officers: Officer[] }>('/officers')).officers.filter((o) => o.active),
  currentSession: async () => (await hubGet<{ session: OfficerSession | null }>('/sessions/current')).session,
  signIn: async (officerId: string, pin: string, positions: string[]) =>
    (await hubPost<{ session: OfficerSession }>('/sessions', { officerId, pin, positions })).session,
  signOut: () => hubDelete<{ session: null }>('/sessions/current'),
  maxRecalls: async () => (await hubGet<{ policy: { maxRecalls: number } }>('/settings/policy')).policy.maxRecalls,

  callNext: (positionId: string) => hubPost<{ ticket: TicketView | null }>(`/positions/${encodeURIComponent(positionId)}/call-next`),
  callTicket: (positionId: string, ticketId: string): TicketAnswer => hubPost(`/positions/${encodeURIComponent(positionId)}/call`, { ticketId }),
  preview: async (positionId: string, count: number) =>
    (await hubGet<{ picks: Pick[] }>(`/positions/${encodeURIComponent(positionId)}/preview?count=${count}`)).picks,

  recall: (ticketId: string): TicketAnswer => hubPost(`/tickets/${ticketId}/recall`),
  noShow: (ticketId: string): TicketAnswer => hubPost(`/tickets/${ticketId}/no-show`),
  start: (ticketId: string): TicketAnswer => hubPost(`/tickets/${ticketId}/start`),
  finish: (ticketId: string, outcome: Outcome, notes: string): TicketAnswer =>
    hubPost(`/tickets/${ticketId}/finish`, notes.trim() === '' ? { outcome } : { outcome, notes: notes.trim() }),
  transfer: (ticketId: string, toService: string, to: TransferTo): TicketAnswer =>
    hubPost(`/tickets/${ticketId}/transfer`, { toService, ...(to?.kind === 'position' && { toPositionId: to.id }), ...(to?.kind === 'officer' && { toOfficerId: to.id }) }),
  ticket: (ticketId: string) => hubGet<TicketDetail>(`/tickets/${ticketId}`),
  draft: async (ticketId: string) => (await hubGet<{ draft: ServiceDraft }>(`/tickets/${ticketId}/draft`)).draft,
  saveDraft: (ticketId: string, draft: ServiceDraft) => hubPut<{ draft: ServiceDraft }>(`/tickets/${ticketId}/draft`, draft),

  callSettings: () => hubGet<CallSettings>('/calls/settings'),
  documents: async (ticketId: string) => (await hubGet<{ documents: TicketDocuments }>(`/tickets/${ticketId}/documents`)).documents,
  review: async (captureId: string, review: 'accepted' | 'redo') => (await hubPut<{ capture: CaptureView }>(`/captures/${captureId}/review`, { review })).capture,
};

/** Where a captured document's full-size JPEG is read (the console's cookie carries its token). */
export const captureImageUrl = (captureId: string) => `/api/v1/captures/${captureId}/image`;

/**
 * A failed call as the officer reads it: the refusal's reason worded in the page's language (it
 * names the ticket, the position and what to do), or a calm line when the hub cannot be reached.
 */
export function failureText(err: unknown, lang: Lang): string {
  if (!(err instanceof HubError)) return String(err);
  return err.unreachable ? TEXT[lang].unreachable : refusalText(err, lang);
}
