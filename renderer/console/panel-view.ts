import type { Position, ServiceQueue, TicketView } from '../../main/wire/schemas.js';

/** What a position's panel shows, derived from the hub's snapshot. Pure, so it is tested on its own. */

/** The ticket called to or served at a position now, if any. */
export function ticketAt(active: readonly TicketView[], positionId: string): TicketView | null {
  return active.find((t) => t.positionId === positionId && (t.status === 'called' || t.status === 'serving')) ?? null;
}

/** A ticket an action returned, as the panel shows it: gone from the position once it ended or moved. */
export function stillAtPosition(ticket: TicketView | null): TicketView | null {
  return ticket && (ticket.status === 'called' || ticket.status === 'serving') ? ticket : null;
}

/**
 * What an action answered, held until a snapshot newer than the one it was taken against arrives,
 * so the panel changes the moment the hub answers instead of after the next state reload.
 */
export interface PendingResult {
  ticket: TicketView | null;
  seq: number;
}

export function shownTicket(snapshotSeq: number, fromSnapshot: TicketView | null, pending: PendingResult | null): TicketView | null {
  return pending && snapshotSeq <= pending.seq ? pending.ticket : fromSnapshot;
}

/** The waiting queues an officer cares about first (services their positions serve), and the rest. */
export function queuesFor(queues: readonly ServiceQueue[], positions: readonly Position[]): { mine: ServiceQueue[]; others: ServiceQueue[] } {
  const served = new Set(positions.flatMap((p) => p.services));
  const sorted = [...queues].sort((a, b) => a.service.sortOrder - b.service.sortOrder);
  return { mine: sorted.filter((q) => served.has(q.service.code)), others: sorted.filter((q) => !served.has(q.service.code)) };
}

/**
 * Where the waiting list's "call" button sends a ticket of this service: the selected position
 * when it serves the service and is free, else another free one of the officer's that serves it,
 * else a busy counter (the hub then says what to finish first). Never a booth that holds a ticket:
 * its participant is on screen there. Null when none can take it.
 */
export function callTarget(serviceCode: string, selected: Position | null, positions: readonly Position[], busy: ReadonlySet<string>): Position | null {
  const serving = positions.filter((p) => p.services.includes(serviceCode));
  const free = serving.filter((p) => !busy.has(p.id));
  if (selected && free.some((p) => p.id === selected.id)) return selected;
  const counters = serving.filter((p) => p.kind === 'counter');
  return free[0] ?? (selected && counters.some((p) => p.id === selected.id) ? selected : (counters[0] ?? null));
}

/** Where a called ticket's recalls stand: the hub turns the recall after the last allowed one into a no-show. */
export function recallStanding(recallCount: number, maxRecalls: number): { count: number; max: number; nextIsNoShow: boolean } {
  return { count: recallCount, max: maxRecalls, nextIsNoShow: recallCount >= maxRecalls };
}

/** Rows and columns for the position tiles: wide tiles, as they will hold booth video. */
export function tileGrid(count: number): { columns: number; rows: number } {
  const columns = count <= 1 ? 1 : count <= 4 ? 2 : 3;
  return { columns, rows: Math.max(1, Math.ceil(count / columns)) };
}

/** The checklist's tally over the service's documents; ticks of documents no longer required do not count. */
export function checklistTally(documentIds: readonly string[], checked: readonly string[]): { done: number; total: number; missing: number } {
  const done = documentIds.filter((id) => checked.includes(id)).length;
  return { done, total: documentIds.length, missing: documentIds.length - done };
}

export type Shortcut = { kind: 'select'; index: number } | { kind: 'call-next' } | { kind: 'recall' };

/**
 * The console's keyboard shortcuts (the officer wears a headset and keeps the hands on the
 * keyboard). Physical key codes, so they work whatever the keyboard layout; Alt alone, so they
 * do not clash with typing or the browser's own Ctrl shortcuts.
 */
export function shortcutOf(key: { code: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }): Shortcut | null {
  if (!key.altKey || key.ctrlKey || key.metaKey || key.shiftKey) return null;
  const digit = /^Digit([1-6])$/.exec(key.code);
  if (digit) return { kind: 'select', index: Number(digit[1]) - 1 };
  if (key.code === 'KeyN') return { kind: 'call-next' };
  if (key.code === 'KeyU') return { kind: 'recall' };
  return null;
}
