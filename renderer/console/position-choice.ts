import type { OfficerSession, Position } from '../../main/wire/schemas.js';

/** The hub's rule for one officer: one counter (one to one), or up to six booths (one to many). */
export const MAX_BOOTHS = 6;

export const byLabel = (a: Position, b: Position) => a.label.localeCompare(b.label, 'id', { numeric: true });

/** The positions an officer can pick, counters and booths apart, each in label order (Bilik 2 before Bilik 10). */
export function pickablePositions(positions: readonly Position[]): { counters: Position[]; booths: Position[] } {
  const active = positions.filter((p) => p.active).sort(byLabel);
  return { counters: active.filter((p) => p.kind === 'counter'), booths: active.filter((p) => p.kind === 'booth') };
}

/**
 * Adds or removes a position from the officer's pick so the pick always keeps the rule: a counter
 * replaces everything, a booth replaces a counter, and a seventh booth is not added.
 */
export function togglePosition(picked: readonly string[], position: Position, all: readonly Position[]): string[] {
  if (picked.includes(position.id)) return picked.filter((id) => id !== position.id);
  if (position.kind === 'counter') return [position.id];
  const booths = picked.filter((id) => all.find((p) => p.id === id)?.kind === 'booth');
  return booths.length >= MAX_BOOTHS ? booths : [...booths, position.id];
}

/** Whether ticking this position now would be refused by the rule (the seventh booth). */
export function pickIsFull(picked: readonly string[], position: Position, all: readonly Position[]): boolean {
  if (position.kind === 'counter' || picked.includes(position.id)) return false;
  return picked.filter((id) => all.find((p) => p.id === id)?.kind === 'booth').length >= MAX_BOOTHS;
}

/**
 * The name of another officer serving this position now, or null. The officer's own earlier
 * session does not count: signing in again ends it.
 */
export function heldBy(positionId: string, sessions: readonly Pick<OfficerSession, 'officerId' | 'officerName' | 'positions'>[], officerId: string | null): string | null {
  const holder = sessions.find((s) => s.officerId !== officerId && s.positions.includes(positionId));
  return holder ? holder.officerName : null;
}
