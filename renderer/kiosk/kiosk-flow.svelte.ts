import type { BranchEvent, IssuedTicketResponse, Priority, ServiceQueue } from '../../main/wire/schemas.js';
import { PrintLog, stageOf, ticketTiming, type PaperStage, type PrintView } from './print-progress.js';
import { bookingCodeFromScan, claimCountOf, isBookingCode, newRequestId, typeBookingKey, typeCountDigit } from './kiosk-input.js';
import { checkBooking, COLLECTIVE_SERVICE, DROP_SERVICE, requestTicket, type Alternative, type Refusal, type TicketRequest } from './kiosk-service.js';

/** Without a touch for this long the kiosk goes back to the start, in Indonesian. */
export const IDLE_MS = 45_000;
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 5_000;

/** A ticket the participant has chosen, waiting for the priority choice; a booking the hub has already checked. */
export type Draft = { kind: 'service'; serviceCode: string } | { kind: 'booking'; bookingCode: string; serviceCode: string; late: boolean };

export type Screen =
  | { name: 'start' }
  | { name: 'priority'; draft: Draft }
  | { name: 'booking' }
  | { name: 'collective' }
  /** The drop box's three steps, before its receipt is taken: no queue, no priority question. */
  | { name: 'dropBox' }
  /** Waiting for the hub: a ticket being made, or a booking code being checked. */
  | { name: 'sending'; purpose: 'ticket' | 'check'; unreachable: boolean }
  | { name: 'issued'; issued: IssuedTicketResponse }
  | { name: 'refused'; refusal: Refusal };

/** What one call to the hub can come to; the retry loop handles the last two alike for every call. */
type Outcome<T> = T | { kind: 'refused'; refusal: Refusal } | { kind: 'unreachable' };

/** What the kiosk can tell from the live catalogue alone: a closed service or a used-up quota. */
export function unavailability(queue: ServiceQueue): 'service_closed' | 'quota_full' | null {
  if (!queue.service.isOpen) return 'service_closed';
  return queue.issuedToday >= queue.quotaToday ? 'quota_full' : null;
}

/** The hub's advice for a service it turns away, so a tile can say it before anyone taps. */
export function alternativesFor(serviceCode: string): Alternative[] {
  return serviceCode === DROP_SERVICE ? ['book_online', 'come_back_later'] : ['book_online', 'drop_box'];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One participant's way through the kiosk, from the start screen to a ticket. Each confirmation
 * gets one request key, kept across retries, so one tap never gives two tickets; taps while a
 * request is under way are ignored.
 */
export class KioskFlow {
  screen = $state<Screen>({ name: 'start' });
  priority = $state<Priority>('none');
  bookingCode = $state('');
  claimDigits = $state('');
  /** Seconds until the issued ticket leaves the screen. */
  secondsLeft = $state(0);
  /** What the issued ticket's screen says about its paper. */
  print = $state<PrintView>('printing');

  #inFlight = false;
  /** Bumped when the participant abandons a request, so its late answer is dropped. */
  #generation = 0;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #ticketTimer: ReturnType<typeof setInterval> | undefined;
  #prints = new PrintLog();
  #shownAt = 0;
  #stage: PaperStage = 'pending';
  #stageSince = 0;

  constructor(private readonly onReset: () => void) {}

  /** Every touch or key press: the idle countdown starts again. */
  touch(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      if (this.screen.name !== 'sending' && this.screen.name !== 'issued') this.reset();
    }, IDLE_MS);
  }

  reset(): void {
    clearInterval(this.#ticketTimer);
    this.screen = { name: 'start' };
    this.priority = 'none';
    this.bookingCode = '';
    this.claimDigits = '';
    this.onReset();
  }

  dispose(): void {
    clearTimeout(this.#idleTimer);
    clearInterval(this.#ticketTimer);
    this.#generation++;
  }

  chooseService(queue: ServiceQueue): void {
    const refused = unavailability(queue);
    if (refused !== null) {
      const { code } = queue.service;
      this.screen = { name: 'refused', refusal: { code: refused, serviceCode: code, bookingCode: null, alternatives: alternativesFor(code) } };
      return;
    }
    if (queue.service.code === COLLECTIVE_SERVICE) {
      this.openCollective();
      return;
    }
    if (queue.service.code === DROP_SERVICE) {
      this.useDropBox();
      return;
    }
    this.priority = 'none';
    this.screen = { name: 'priority', draft: { kind: 'service', serviceCode: queue.service.code } };
  }

  useDropBox(): void {
    this.screen = { name: 'dropBox' };
  }

  /** The drop box's receipt: an envelope waits for nobody, so it asks no priority. */
  confirmDropBox(): void {
    if (this.screen.name === 'dropBox') void this.#send({ kind: 'service', serviceCode: DROP_SERVICE, source: 'drop_box', priority: 'none' });
  }

  openBooking(): void {
    this.bookingCode = '';
    this.screen = { name: 'booking' };
  }

  openCollective(): void {
    this.claimDigits = '';
    this.screen = { name: 'collective' };
  }

  pressBookingKey(key: string): void {
    this.bookingCode = typeBookingKey(this.bookingCode, key);
  }

  eraseBookingKey(): void {
    this.bookingCode = this.bookingCode.slice(0, -1);
  }

  clearBookingCode(): void {
    this.bookingCode = '';
  }

  /**
   * The hub checks the code first: a wrong, used or early code is refused before anyone is asked
   * about priority. A code that passes is checked again when the ticket is taken.
   */
  submitBookingCode(): void {
    const code = this.bookingCode;
    if (!isBookingCode(code)) return;
    void this.#ask('check', () => checkBooking(code), ({ check }) => {
      this.priority = 'none';
      this.screen = { name: 'priority', draft: { kind: 'booking', bookingCode: check.bookingCode, serviceCode: check.serviceCode, late: check.late } };
      this.touch();
    });
  }

  /**
   * A scanner read a code: typed by a keyboard-wedge scanner (ending with Enter) or passed on by
   * the kiosk's device agent. It is ignored while a ticket is being made, and while a ticket is on
   * screen without its paper, whose number and QR code its owner may still need.
   */
  scanned(raw: string): void {
    if (this.screen.name === 'sending') return;
    if (this.screen.name === 'issued') {
      if (this.print !== 'printed') return;
      // The paper is out: whoever scans now is the next participant.
      clearInterval(this.#ticketTimer);
      this.onReset();
    }
    this.touch();
    const code = bookingCodeFromScan(raw);
    if (code === null) {
      this.screen = { name: 'booking' };
      this.bookingCode = raw.trim().toUpperCase().replace(/[^A-Z0-9-]/g, '').slice(0, 32);
      return;
    }
    this.bookingCode = code;
    this.submitBookingCode();
  }

  pressCountDigit(digit: string): void {
    this.claimDigits = typeCountDigit(this.claimDigits, digit);
  }

  eraseCountDigit(): void {
    this.claimDigits = this.claimDigits.slice(0, -1);
  }

  clearCount(): void {
    this.claimDigits = '';
  }

  choosePriority(priority: Priority): void {
    this.priority = priority;
  }

  back(): void {
    const { screen } = this;
    if (screen.name === 'priority' && screen.draft.kind === 'booking') this.screen = { name: 'booking' };
    else this.reset();
  }

  confirmPriority(): void {
    const { screen } = this;
    if (screen.name !== 'priority') return;
    const { draft } = screen;
    void this.#send(
      draft.kind === 'booking'
        ? { kind: 'booking', bookingCode: draft.bookingCode, priority: this.priority }
        : { kind: 'service', serviceCode: draft.serviceCode, source: 'walk_in', priority: this.priority },
    );
  }

  confirmCollective(): void {
    const claimCount = claimCountOf(this.claimDigits);
    if (claimCount !== null) void this.#send({ kind: 'collective', claimCount });
  }

  /** Gives up on a request the hub has not answered; its retries stop. */
  abandon(): void {
    this.#generation++;
    this.#inFlight = false;
    this.reset();
  }

  /** Any event from the hub; the print.* ones move the paper of the ticket on screen. */
  noteEvent(event: BranchEvent): void {
    if (this.#prints.record(event)) this.#tick();
  }

  #send(request: TicketRequest): Promise<void> {
    // One key for every retry of this tap, so the hub never issues it twice.
    const requestId = newRequestId();
    return this.#ask('ticket', () => requestTicket(request, requestId), ({ issued }) => this.#show(issued));
  }

  /** One call to the hub, retried while the hub cannot be reached; a refusal is shown as it is. */
  async #ask<T extends { kind: 'issued' | 'checked' }>(purpose: 'ticket' | 'check', attempt: () => Promise<Outcome<T>>, onAnswer: (answer: T) => void): Promise<void> {
    if (this.#inFlight) return;
    this.#inFlight = true;
    const generation = ++this.#generation;
    this.screen = { name: 'sending', purpose, unreachable: false };
    let delay = RETRY_FIRST_MS;
    for (;;) {
      const outcome = await attempt();
      if (generation !== this.#generation) return;
      if (outcome.kind === 'unreachable') {
        this.screen = { name: 'sending', purpose, unreachable: true };
        await sleep(delay);
        if (generation !== this.#generation) return;
        delay = Math.min(RETRY_MAX_MS, delay * 2);
        continue;
      }
      this.#inFlight = false;
      if (outcome.kind === 'refused') {
        this.screen = { name: 'refused', refusal: outcome.refusal };
        this.touch();
      } else {
        onAnswer(outcome as T);
      }
      return;
    }
  }

  #show(issued: IssuedTicketResponse): void {
    this.screen = { name: 'issued', issued };
    this.#shownAt = Date.now();
    this.#stage = 'pending';
    this.#stageSince = this.#shownAt;
    clearInterval(this.#ticketTimer);
    this.#ticketTimer = setInterval(() => this.#tick(), 250);
    this.#tick();
  }

  /** Counted from deadlines, not by ticks, so a late timer never keeps the ticket up longer. */
  #tick(): void {
    const { screen } = this;
    if (screen.name !== 'issued') return;
    const now = Date.now();
    const stage = stageOf(this.#prints.stateOf(screen.issued.ticket.id, screen.issued.printJobId).phase);
    if (stage !== this.#stage) {
      this.#stage = stage;
      this.#stageSince = now;
    }
    const { view, until } = ticketTiming(stage, this.#shownAt, this.#stageSince, now);
    this.print = view;
    this.secondsLeft = Math.ceil((until - now) / 1000);
    if (this.secondsLeft <= 0) this.reset();
  }
}
