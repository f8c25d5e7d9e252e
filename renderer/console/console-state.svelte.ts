import type { BranchEvent, OfficerSession, Outcome, Position, TicketDocuments, TicketView } from '../../main/wire/schemas.js';
import type { DeviceMessage } from '../lib/api/event-stream.js';
import { BranchState } from '../lib/state/branch-state.svelte.js';
import { BoothCalls } from './booth-calls.svelte.js';
import { acceptedIds, documentRows } from './booth-documents.js';
import { consoleService, type Officer, type Pick, type TicketDetail } from './console-service.js';
import type { TextKey } from './console-text.js';
import { shownTicket, stillAtPosition, ticketAt, type PendingResult } from './panel-view.js';
import { byLabel } from './position-choice.js';
import type { TransferTo } from './transfer-choices.js';

/** How many of the policy's next picks each panel previews. */
const PREVIEW_COUNT = 3;
const RETRY_MS = 3000;
/** How long a no-show can be taken back: the hub hears of it only once this has run out. */
export const NO_SHOW_UNDO_MS = 8000;
const PICKS_DEBOUNCE_MS = 150;
/** Typing pauses this long before the draft goes to the hub. */
const DRAFT_DEBOUNCE_MS = 400;

/**
 * The events that can change what the policy picks next at a position: who waits (issued, called,
 * transferred, cancelled, put back), the interleave (every call), what a position serves, and the
 * policy itself. Prints, services finishing, devices and sign-ins leave the picks as they were.
 */
const PICK_EVENTS = new Set<BranchEvent['type']>([
  'ticket.issued', 'ticket.called', 'ticket.transferred', 'ticket.cancelled', 'ticket.requeued', 'position.updated', 'service.updated',
  // A ticket transferred to an officer is offered at the positions they are signed in to.
  'officer.signed_in', 'officer.signed_out',
]);
const changesPicks = (event: BranchEvent): boolean =>
  PICK_EVENTS.has(event.type) || (event.type === 'settings.updated' && event.payload.key === 'policy');

/** A line next to an action: what the hub refused (kept as the error, worded in the current language), or what happened. */
export type PanelMessage = { kind: 'error'; error: unknown } | { kind: 'info'; key: TextKey; values: Record<string, string | number> };

/** One position's panel: what the officer is doing there, and what is local to it (checklist, notes). */
export class PanelState {
  busy = $state(false);
  message = $state<PanelMessage | null>(null);
  pending = $state<PendingResult | null>(null);
  picks = $state<Pick[] | null>(null);
  /** The ticket the checklist, the notes and the detail belong to; they are cleared when it changes. */
  ticketId = $state<string | null>(null);
  checked = $state<string[]>([]);
  notes = $state('');
  detail = $state<TicketDetail | null>(null);
  /** A no-show clicked but not yet sent: the ticket and when it is sent unless undone. */
  noShowPending = $state<{ ticketId: string; at: number } | null>(null);
  noShowTimer: ReturnType<typeof setTimeout> | undefined;
  draftTimer: ReturnType<typeof setTimeout> | undefined;
  /** Why the hub refused the last draft (notes holding a NIK), shown under the notes. */
  draftError = $state<unknown>(null);

  constructor(readonly positionId: string) {}

  undoNoShow(): void {
    clearTimeout(this.noShowTimer);
    this.noShowPending = null;
  }

  toggleDocument(id: string): void {
    this.checked = this.checked.includes(id) ? this.checked.filter((d) => d !== id) : [...this.checked, id];
    this.saveDraftSoon();
  }

  /** Keeps the checklist and notes on the hub, so a page reload mid-service loses neither. */
  saveDraftSoon(): void {
    const ticketId = this.ticketId;
    if (!ticketId) return;
    clearTimeout(this.draftTimer);
    this.draftTimer = setTimeout(() => {
      consoleService.saveDraft(ticketId, { checked: this.checked, notes: this.notes }).then(
        () => (this.draftError = null),
        (err: unknown) => (this.draftError = err),
      );
    }, DRAFT_DEBOUNCE_MS);
  }
}

/** The console page: the officer's session, a panel per position they serve, and the branch state. */
export class ConsoleState {
  readonly branch = new BranchState();
  session = $state<OfficerSession | null>(null);
  /** False until the hub has said whether an officer is signed in on this console. */
  ready = $state(false);
  /** The last failure to learn the session or the officers, while retrying. */
  loadProblem = $state<unknown>(null);
  officers = $state<Officer[]>([]);
  maxRecalls = $state(2);
  selectedId = $state<string | null>(null);
  notice = $state<TextKey | null>(null);
  signOutError = $state<unknown>(null);
  signingOut = $state(false);
  /** What the waiting list's "call to" buttons last caused. */
  queueMessage = $state<PanelMessage | null>(null);
  /** The video calls with the officer's booths. */
  readonly calls = new BoothCalls(
    (to, body) => this.branch.send({ type: 'relay', to, body }),
    (positionId) => this.ticketAt(positionId) !== null,
  );
  /** Consent and captured stills of the tickets at the officer's booths, by ticket. */
  documents = $state<Record<string, TicketDocuments>>({});
  /** The hub's time, to the second: how long each participant has been in their booth. */
  now = $state(Date.now());

  #panels = $state<Record<string, PanelState>>({});
  #unsubscribe: (() => void) | null = null;
  #unsubscribeDevice: (() => void) | null = null;
  #picksTimer: ReturnType<typeof setTimeout> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #settingsTimer: ReturnType<typeof setTimeout> | undefined;
  #clock: ReturnType<typeof setInterval> | undefined;

  /** The positions of the session, as the hub describes them now, in label order. */
  positions = $derived.by((): Position[] => {
    const all = this.branch.snapshot?.positions ?? [];
    const ids = this.session?.positions ?? [];
    return all.filter((p) => ids.includes(p.id)).sort(byLabel);
  });

  selected = $derived(this.positions.find((p) => p.id === this.selectedId) ?? this.positions[0] ?? null);

  async start(): Promise<void> {
    this.#unsubscribe = this.branch.onEvent((event) => this.#onEvent(event));
    this.#unsubscribeDevice = this.branch.onDeviceMessage((message) => this.#onDeviceMessage(message));
    void this.#loadCallSettings();
    this.#clock = setInterval(() => (this.now = this.branch.hubNow()), 1000);
    await Promise.all([this.branch.start(), this.#loadConsole()]);
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribeDevice?.();
    this.calls.stop();
    this.branch.stop();
    clearTimeout(this.#picksTimer);
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#settingsTimer);
    clearInterval(this.#clock);
  }

  panel(positionId: string): PanelState {
    return this.#panels[positionId] ?? new PanelState(positionId);
  }

  /** The ticket at a position: what the last action answered until the snapshot has caught up with it. */
  ticketAt(positionId: string): TicketView | null {
    const snapshot = this.branch.snapshot;
    const fromSnapshot = snapshot ? ticketAt(snapshot.active, positionId) : null;
    return shownTicket(snapshot?.seq ?? 0, fromSnapshot, this.#panels[positionId]?.pending ?? null);
  }

  select(positionId: string): void {
    this.selectedId = positionId;
  }

  async signIn(officerId: string, pin: string, positions: string[]): Promise<unknown> {
    try {
      this.#setSession(await consoleService.signIn(officerId, pin, positions));
      this.notice = null;
      return null;
    } catch (err) {
      return err;
    }
  }

  async signOut(): Promise<void> {
    this.signingOut = true;
    this.signOutError = null;
    try {
      await consoleService.signOut();
      this.#setSession(null);
    } catch (err) {
      this.signOutError = err;
    } finally {
      this.signingOut = false;
    }
  }

  /**
   * The panel follows the ticket at its position: a new ticket (or none) starts a fresh checklist
   * and notes, and the ticket's masked NIK and earlier notes are fetched once.
   */
  follow(positionId: string, ticket: TicketView | null): void {
    const panel = this.#panels[positionId];
    if (!panel || panel.ticketId === (ticket?.id ?? null)) return;
    panel.ticketId = ticket?.id ?? null;
    // The ticket moved on (finished elsewhere, transferred, signed out): its no-show countdown ends with it.
    panel.undoNoShow();
    panel.checked = [];
    panel.notes = '';
    panel.detail = null;
    if (!ticket) return;
    clearTimeout(panel.draftTimer);
    panel.draftError = null;
    consoleService.draft(ticket.id).then(
      (draft) => {
        // Only if the officer has not started on it in this page meanwhile.
        if (panel.ticketId !== ticket.id || panel.checked.length > 0 || panel.notes !== '') return;
        panel.checked = draft.checked;
        panel.notes = draft.notes;
      },
      () => undefined,
    );
    consoleService.ticket(ticket.id).then(
      (detail) => {
        if (panel.ticketId === ticket.id) panel.detail = detail;
      },
      () => undefined,
    );
    if (this.positions.find((p) => p.id === positionId)?.kind === 'booth') void this.loadDocuments(ticket.id);
  }

  /** A ticket's consent and stills, fetched when its booth panel starts following it; later changes are pushed. */
  async loadDocuments(ticketId: string): Promise<void> {
    try {
      this.#setDocuments(await consoleService.documents(ticketId));
    } catch {
      // Pushed once something changes; the panel shows the documents as not captured until then.
    }
  }

  /** The officer accepts a still, or asks for the document again; the booth's checklist follows. */
  async review(captureId: string, review: 'accepted' | 'redo'): Promise<unknown> {
    try {
      await consoleService.review(captureId, review);
      return null;
    } catch (err) {
      return err;
    }
  }

  #setDocuments(documents: TicketDocuments): void {
    this.documents = { ...this.documents, [documents.ticketId]: documents };
    // A booth's checklist is what the officer accepted; the finish dialog counts it.
    const panel = Object.values(this.#panels).find((p) => p.ticketId === documents.ticketId);
    // A booth without a screen keeps the officer's own ticks.
    if (!panel || !this.calls.links[panel.positionId]?.deviceId) return;
    const ticket = this.ticketAt(panel.positionId);
    const service = ticket && this.branch.snapshot?.queues.find((q) => q.service.code === ticket.serviceCode)?.service;
    if (service) panel.checked = acceptedIds(documentRows(service.documents, documents));
  }

  #onDeviceMessage(message: DeviceMessage): void {
    if (message.type === 'peers') this.calls.onPeers(message.peers);
    else if (message.type === 'relay') this.calls.onSignal(message.from, message.body);
    else if (message.type === 'documents') this.#setDocuments(message.documents);
  }

  async #loadCallSettings(): Promise<void> {
    try {
      this.calls.settings = await consoleService.callSettings();
    } catch {
      this.#settingsTimer = setTimeout(() => void this.#loadCallSettings(), RETRY_MS);
    }
  }

  callNext(position: Position): Promise<boolean> {
    return this.#act(position.id, () => consoleService.callNext(position.id), (ticket) =>
      ticket ? null : { kind: 'info', key: 'nobodyWaits', values: { label: position.label, services: position.services.join(', ') } },
    );
  }

  async callTicket(position: Position, ticketId: string): Promise<void> {
    this.queueMessage = null;
    this.select(position.id);
    const ok = await this.#act(position.id, () => consoleService.callTicket(position.id, ticketId), (ticket) =>
      ticket ? { kind: 'info', key: 'called', values: { number: ticket.displayNumber, label: position.label } } : null,
    );
    if (!ok) this.queueMessage = this.#panels[position.id]?.message ?? null;
  }

  recall(positionId: string, ticket: TicketView): Promise<boolean> {
    return this.#act(positionId, () => consoleService.recall(ticket.id), (answer) => (answer?.status === 'no_show' ? this.#noShowNote(answer) : null));
  }

  /**
   * One click must not send a participant away: it starts a short countdown on the panel, which
   * "Urungkan / Undo" stops; only when it runs out does the hub mark the no-show.
   */
  noShow(positionId: string, ticket: TicketView): void {
    const panel = this.#panels[positionId];
    if (!panel || panel.busy || panel.noShowPending) return;
    panel.noShowPending = { ticketId: ticket.id, at: this.branch.hubNow() + NO_SHOW_UNDO_MS };
    panel.noShowTimer = setTimeout(() => {
      if (panel.noShowPending?.ticketId !== ticket.id) return;
      panel.noShowPending = null;
      void this.#act(positionId, () => consoleService.noShow(ticket.id), (answer) => (answer ? this.#noShowNote(answer) : null));
    }, NO_SHOW_UNDO_MS);
  }

  startService(positionId: string, ticket: TicketView): Promise<boolean> {
    return this.#act(positionId, () => consoleService.start(ticket.id), () => null);
  }

  finish(positionId: string, ticket: TicketView, outcome: Outcome, notes: string, outcomeText: string): Promise<boolean> {
    return this.#act(positionId, () => consoleService.finish(ticket.id, outcome, notes), () => ({
      kind: 'info',
      key: 'finished',
      values: { number: ticket.displayNumber, outcome: outcomeText },
    }));
  }

  /**
   * To a service, or within it to one position or officer (`to`, named `toName`). The confirmation
   * names the service as the officer reads it (serviceName), not by its code.
   */
  transfer(positionId: string, ticket: TicketView, toService: string, serviceName: string, to: TransferTo, toName: string | null): Promise<boolean> {
    return this.#act(positionId, () => consoleService.transfer(ticket.id, toService, to), () => ({
      kind: 'info',
      key: to ? 'transferredTo' : 'transferred',
      values: { number: ticket.displayNumber, service: serviceName, ...(toName !== null && { to: toName }) },
    }));
  }

  clearMessage(positionId: string): void {
    const panel = this.#panels[positionId];
    if (panel) panel.message = null;
  }

  #noShowNote(ticket: TicketView): PanelMessage {
    return { kind: 'info', key: 'becameNoShow', values: { number: ticket.displayNumber } };
  }

  async #act(positionId: string, action: () => Promise<{ ticket: TicketView | null }>, note: (ticket: TicketView | null) => PanelMessage | null): Promise<boolean> {
    const panel = this.#panels[positionId];
    if (!panel || panel.busy) return false;
    panel.busy = true;
    panel.message = null;
    const seq = this.branch.snapshot?.seq ?? 0;
    try {
      const { ticket } = await action();
      panel.pending = { ticket: stillAtPosition(ticket), seq };
      panel.message = note(ticket);
      this.#refreshPicksSoon();
      return true;
    } catch (err) {
      panel.message = { kind: 'error', error: err };
      return false;
    } finally {
      panel.busy = false;
    }
  }

  async #loadConsole(): Promise<void> {
    try {
      const [officers, session, maxRecalls] = await Promise.all([consoleService.officers(), consoleService.currentSession(), consoleService.maxRecalls()]);
      this.officers = officers;
      this.maxRecalls = maxRecalls;
      this.#setSession(session);
      this.loadProblem = null;
      this.ready = true;
    } catch (err) {
      this.loadProblem = err;
      this.#retryTimer = setTimeout(() => void this.#loadConsole(), RETRY_MS);
    }
  }

  #setSession(session: OfficerSession | null): void {
    this.session = session;
    this.signOutError = null;
    const panels: Record<string, PanelState> = {};
    for (const id of session?.positions ?? []) panels[id] = this.#panels[id] ?? new PanelState(id);
    this.#panels = panels;
    if (!session?.positions.includes(this.selectedId ?? '')) this.selectedId = null;
    this.#refreshPicksSoon();
  }

  #onEvent(event: BranchEvent): void {
    if (event.type === 'officer.signed_out' && event.payload.sessionId === this.session?.id && !this.signingOut) {
      this.#setSession(null);
      this.notice = 'sessionEnded';
    } else if (event.type === 'officer.updated') {
      consoleService.officers().then((officers) => (this.officers = officers), () => undefined);
    } else if (event.type === 'settings.updated' && event.payload.key === 'policy') {
      consoleService.maxRecalls().then((max) => (this.maxRecalls = max), () => undefined);
    }
    if (changesPicks(event)) this.#refreshPicksSoon();
  }

  /** The policy's next picks per position, reloaded once per burst of changes. */
  #refreshPicksSoon(): void {
    clearTimeout(this.#picksTimer);
    this.#picksTimer = setTimeout(() => {
      for (const panel of Object.values(this.#panels)) {
        consoleService.preview(panel.positionId, PREVIEW_COUNT).then(
          (picks) => (panel.picks = picks),
          () => undefined,
        );
      }
    }, PICKS_DEBOUNCE_MS);
  }
}
