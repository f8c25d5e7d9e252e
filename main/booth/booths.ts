import type { AuthenticatedDevice, DeviceRegistry } from '../pairing/device-registry.js';
import type { BranchQueue } from '../queue/branch-queue.js';
import { QueueError } from '../queue/errors.js';
import type { BranchEvent } from '../queue/events.js';
import type { Ticket } from '../queue/types.js';
import type { BoothView, CallSettings, CaptureView, ServerMessage, TicketDocuments } from '../wire/schemas.js';
import { createBoothPairs } from './booth-pairs.js';
import { createBoothViews } from './booth-view.js';
import type { CaptureStore } from './capture-store.js';
import { jpegSize } from './jpeg-size.js';

/**
 * The hub's side of the video booths: what each booth screen shows (pushed to it whenever it
 * changes, never carrying a ticket id), the participant's consent, captures and rating, and the
 * documents the console serving a booth sees. The call itself runs between the two pages; the
 * hub only relays its signals (main/hub/device-relay.ts) between the pairs worked out here.
 */

/** Events that may change what a booth screen shows. */
const CHANGES_VIEWS = new Set<BranchEvent['type']>([
  'ticket.called', 'ticket.recalled', 'ticket.serving', 'ticket.done', 'ticket.no_show', 'ticket.transferred', 'ticket.cancelled', 'ticket.requeued',
  'position.updated', 'service.updated', 'device.bound',
]);

export interface BoothStream {
  sendToDevice(deviceId: string, message: ServerMessage): number;
  isOnline(deviceId: string): boolean;
  onConnection(listener: (device: AuthenticatedDevice, opened: boolean) => void): () => void;
  subscribe(listener: (events: readonly BranchEvent[]) => void): () => void;
}

export interface BoothsOptions {
  queue: BranchQueue;
  devices: DeviceRegistry;
  stream: BoothStream;
  captures: CaptureStore;
  /** STUN and TURN servers and the captures' retention, from the hub profile. */
  callSettings: CallSettings;
}

export function createBooths({ queue, devices, stream, captures, callSettings }: BoothsOptions) {
  const pairs = createBoothPairs(queue, devices);
  const views = createBoothViews(queue, captures);
  /** Each connected booth screen's last pushed view, to push only changes. */
  const shown = new Map<string, string>();

  /** A screen's booth as bound now: the supervisor may have moved it since its stream opened. */
  const positionOfScreen = (deviceId: string): string | null => devices.devices().find((d) => d.id === deviceId)?.positionId ?? null;

  const pushView = (deviceId: string, positionId: string | null, always: boolean): void => {
    const booth = views.viewOf(positionId);
    const text = JSON.stringify(booth);
    if (!always && shown.get(deviceId) === text) return;
    shown.set(deviceId, text);
    stream.sendToDevice(deviceId, { type: 'booth', booth });
  };

  const pushViews = (): void => {
    if (shown.size === 0) return;
    const screens = new Map(devices.devices().map((d) => [d.id, d.positionId]));
    for (const deviceId of shown.keys()) pushView(deviceId, screens.get(deviceId) ?? null, false);
  };

  const documentsOf = (ticket: Ticket): TicketDocuments => ({
    ticketId: ticket.id,
    positionId: ticket.positionId ?? '',
    consentAt: captures.visit(ticket.id).consentAt,
    captures: captures.ofTicket(ticket.id),
  });

  /** After a consent, capture or review: the booth's screen and the console serving it hear of it at once. */
  const changed = (ticket: Ticket): void => {
    if (!ticket.positionId) return;
    const screen = pairs.screenOf(ticket.positionId);
    if (screen && shown.has(screen)) pushView(screen, ticket.positionId, false);
    const console = pairs.consoleOf(ticket.positionId);
    if (console) stream.sendToDevice(console, { type: 'documents', documents: documentsOf(ticket) });
  };

  stream.onConnection((device, opened) => {
    if (device.role !== 'booth') return;
    if (opened) pushView(device.id, positionOfScreen(device.id), true);
    else if (!stream.isOnline(device.id)) shown.delete(device.id);
  });

  const visitAt = (device: AuthenticatedDevice): Ticket => {
    const positionId = positionOfScreen(device.id);
    if (!positionId) throw new QueueError('conflict', 'this booth screen has no booth yet: the supervisor chooses it under Devices', { field: 'positionId', reason: 'booth_not_bound', params: {} });
    const ticket = views.activeAt(positionId);
    if (!ticket) throw new QueueError('conflict', 'nobody is called to this booth now', { field: 'positionId', reason: 'booth_no_visit', params: {} });
    return ticket;
  };

  return {
    pairs,

    /** Call after each committed batch of events: pairs and booth screens follow. Returns whether the pairs changed. */
    noteEvents(events: readonly BranchEvent[]): boolean {
      const pairsChanged = pairs.noteEvents(events);
      if (events.some((e) => CHANGES_VIEWS.has(e.type))) pushViews();
      return pairsChanged;
    },

    callSettings: (): CallSettings => callSettings,

    viewFor: (device: AuthenticatedDevice): BoothView => views.viewOf(positionOfScreen(device.id)),

    /** The participant agreed, on the booth's screen, that their documents are photographed. */
    consent(device: AuthenticatedDevice): BoothView {
      const ticket = visitAt(device);
      captures.consent(ticket.id, ticket.positionId!);
      changed(ticket);
      return views.viewOf(ticket.positionId);
    },

    /** A still the booth took when the console asked: kept with the ticket the booth holds now. */
    saveCapture(device: AuthenticatedDevice, input: { requestId: string; documentId: string; jpeg: string }): CaptureView {
      const ticket = visitAt(device);
      const documents = queue.store.service(ticket.serviceCode)?.documents ?? [];
      if (!documents.some((d) => d.id === input.documentId)) {
        throw new QueueError('invalid', `"${input.documentId}" is not a document ${ticket.serviceCode} requires`, { field: 'documentId', reason: 'document_not_required', params: { ticket: ticket.displayNumber } });
      }
      if (captures.visit(ticket.id).consentAt === null) {
        throw new QueueError('conflict', 'the participant has not agreed to document photos yet', { field: 'consent', reason: 'booth_no_consent', params: {} });
      }
      const jpeg = Buffer.from(input.jpeg, 'base64');
      const size = jpegSize(jpeg);
      if (!size) throw new QueueError('invalid', 'jpeg: not a whole JPEG image', { field: 'jpeg', reason: 'capture_not_jpeg', params: {} });
      const capture = captures.save({ ticketId: ticket.id, positionId: ticket.positionId!, documentId: input.documentId, requestId: input.requestId, jpeg, ...size });
      changed(ticket);
      return capture;
    },

    /** The participant's 1-to-5 rating of the visit this booth just finished. */
    rate(device: AuthenticatedDevice, rating: number): BoothView {
      const positionId = positionOfScreen(device.id);
      const ticket = positionId ? views.endedAt(positionId) : undefined;
      if (!ticket) throw new QueueError('conflict', 'this booth has no finished visit to rate now', { field: 'rating', reason: 'booth_nothing_to_rate', params: {} });
      captures.rate(ticket.id, ticket.positionId!, rating);
      return views.viewOf(positionId);
    },

    documentsOf,

    /** The officer marks a capture accepted, or asks for it again. */
    review(capture: CaptureView, review: 'accepted' | 'redo'): CaptureView {
      const reviewed = captures.review(capture.id, review);
      const ticket = queue.store.ticket(capture.ticketId);
      if (ticket) changed(ticket);
      return reviewed;
    },
  };
}

export type Booths = ReturnType<typeof createBooths>;
