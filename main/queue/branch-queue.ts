import { callNext, callTicket, cancelTicket, finishTicket, markNoShow, recall, startServing, transferTicket, type Acting, type TransferTo } from './calling.js';
import { DEFAULT_SERVICES } from './catalogue.js';
import { policyConfig, today, type QueueContext } from './context.js';
import { checkBooking, checkInBooking, issueTicket, type CheckInRequest, type IssueRequest } from './issuing.js';
import { QueueStore, type QueueDatabase } from './queue-store.js';
import { previewPicks, serviceQueues, waitOf } from './queue-view.js';
import { dayReport } from './day-report.js';
import { dayBookings } from './day-bookings.js';
import { previewPolicy } from './policy-preview.js';
import { releaseSession } from './session-release.js';
import { saveServiceDraft, serviceDraft, type ServiceDraft } from './service-drafts.js';
import { finishPrint, interruptUnfinished, reportPrinterStatus, reprintTicket, startPrint, unresolvedPrintFailures, type PrintResult } from './printing.js';
import { importBookings, saveService, setPolicy, setQuota, setServiceOpen, setTicker, setTodaysQuota, ticker } from './branch-settings.js';
import { recordWrongPin, resetPin, saveOfficer, savePosition, sessionOfDevice, signIn, signOut, staffOverview, unlockOfficer, type OfficerChange, type PositionChange } from './staffing.js';
import { toTicketView } from './ticket-view.js';
import type { Booking, BranchIdentity, BranchSnapshot, Clock, Outcome, PolicyConfig, PrinterCondition, Service } from './types.js';

/** How many of the day's calls a lobby display lists. */
const RECENT_CALLS = 8;

/**
 * The branch queue as one object: the commands (each one transaction plus one event) and the
 * read models the hub serves. Built once per process at start-up and handed to whoever needs it.
 */
export function createBranchQueue(db: QueueDatabase, options: { branch: BranchIdentity; clock?: Clock }) {
  const ctx: QueueContext = { store: new QueueStore(db), clock: options.clock ?? Date.now, branch: options.branch };
  const { store } = ctx;

  return {
    branch: options.branch,
    store,
    clock: ctx.clock,
    today: () => today(ctx),

    /** First start of a branch: the blueprint's catalogue, so a kiosk has something to offer. */
    seedDefaultCatalogue(): void {
      if (store.services().length > 0) return;
      for (const service of DEFAULT_SERVICES) saveService(ctx, service);
    },

    issueTicket: (req: IssueRequest) => issueTicket(ctx, req),
    checkInBooking: (req: CheckInRequest) => checkInBooking(ctx, req),
    checkBooking: (code: string) => checkBooking(ctx, code),
    callNext: (acting: Acting, positionId: string) => callNext(ctx, acting, positionId),
    callTicket: (acting: Acting, positionId: string, ticketId: string) => callTicket(ctx, acting, positionId, ticketId),
    recall: (acting: Acting, ticketId: string) => recall(ctx, acting, ticketId),
    markNoShow: (acting: Acting, ticketId: string) => markNoShow(ctx, acting, ticketId),
    startServing: (acting: Acting, ticketId: string) => startServing(ctx, acting, ticketId),
    finishTicket: (acting: Acting, ticketId: string, outcome: Outcome, notes?: string) => finishTicket(ctx, acting, ticketId, outcome, notes),
    transferTicket: (ticketId: string, toService: string, acting?: Acting, to?: TransferTo) => transferTicket(ctx, ticketId, toService, acting, to),
    serviceDraft: (acting: Acting, ticketId: string) => serviceDraft(ctx, acting, ticketId),
    saveServiceDraft: (acting: Acting, ticketId: string, draft: ServiceDraft) => saveServiceDraft(ctx, acting, ticketId, draft),
    cancelTicket: (ticketId: string, reason: string) => cancelTicket(ctx, ticketId, reason),

    saveService: (service: Service) => saveService(ctx, service),
    setServiceOpen: (code: string, isOpen: boolean) => setServiceOpen(ctx, code, isOpen),
    setTodaysQuota: (code: string, quota: number) => setTodaysQuota(ctx, code, quota),
    setQuota: (code: string, day: string, quota: number) => setQuota(ctx, code, day, quota),
    setTicker: (text: string) => setTicker(ctx, text),
    setPolicy: (change: Partial<PolicyConfig>) => setPolicy(ctx, change),
    policy: () => policyConfig(ctx),
    importBookings: (bookings: readonly Omit<Booking, 'ticketId'>[]) => importBookings(ctx, bookings),

    savePosition: (position: PositionChange) => savePosition(ctx, position),
    saveOfficer: (officer: OfficerChange) => saveOfficer(ctx, officer),
    resetPin: (officerId: string, pinHash: string) => resetPin(ctx, officerId, pinHash),
    unlockOfficer: (officerId: string) => unlockOfficer(ctx, officerId),
    recordWrongPin: (officerId: string) => recordWrongPin(ctx, officerId),
    staffOverview: () => staffOverview(ctx),
    signIn: (officerId: string, positions: readonly string[], deviceId: string | null) => signIn(ctx, officerId, positions, deviceId),
    signOut: (sessionId: string) => signOut(ctx, sessionId),
    releaseSession: (officerId: string, reason: string) => releaseSession(ctx, officerId, reason),
    sessionOfDevice: (deviceId: string) => sessionOfDevice(ctx, deviceId),

    startPrint: (jobId: string, deviceId: string) => startPrint(ctx, jobId, deviceId),
    finishPrint: (jobId: string, deviceId: string, result: PrintResult) => finishPrint(ctx, jobId, deviceId, result),
    interruptUnfinishedPrints: (deviceId: string) => interruptUnfinished(ctx, deviceId),
    reprintTicket: (ticketId: string, deviceId?: string) => reprintTicket(ctx, ticketId, deviceId),
    reportPrinterStatus: (deviceId: string, status: PrinterCondition, detail: string | null) => reportPrinterStatus(ctx, deviceId, status, detail),
    unresolvedPrintFailures: () => unresolvedPrintFailures(ctx),

    waitOf: (ticketId: string) => waitOf(ctx, ticketId),
    previewPicks: (positionId: string, count: number) => previewPicks(ctx, positionId, count),
    dayReport: (day?: string) => dayReport(ctx, day),
    dayBookings: (day?: string) => dayBookings(ctx, day),
    previewPolicy: (draft: Partial<PolicyConfig>, count: number) => previewPolicy(ctx, draft, count),
    serviceQueues: () => serviceQueues(ctx),

    /** What a page needs to draw itself, and the event sequence it reflects, to resume the stream from. */
    snapshot(): BranchSnapshot {
      return store.read(() => ({
        seq: store.lastSeq(),
        now: ctx.clock(),
        branch: options.branch,
        businessDay: today(ctx),
        ticker: ticker(ctx),
        queues: serviceQueues(ctx),
        active: store.activeTickets().map(toTicketView),
        recentCalls: store.recentCalls(today(ctx), RECENT_CALLS),
        positions: store.positions(),
        sessions: store.activeSessions().map(({ deviceId: _device, ...s }) => s),
      }));
    },
  };
}

export type BranchQueue = ReturnType<typeof createBranchQueue>;
