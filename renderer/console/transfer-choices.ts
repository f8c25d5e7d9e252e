import type { BranchSnapshot } from '../../main/wire/schemas.js';

/** Where a transfer sends a ticket within its new service: anyone serving it, one position, or one officer. */
export type TransferTo = { kind: 'position'; id: string } | { kind: 'officer'; id: string } | null;

export interface PositionChoice {
  id: string;
  label: string;
  /** Who is signed in there now. */
  officerName: string;
}

export interface OfficerChoice {
  id: string;
  name: string;
  /** The positions of theirs that serve the service, in label order. */
  positionLabels: string[];
}

/**
 * The positions and officers a ticket may be sent to within a service: only where someone could
 * call it now (an active position of the service with an officer signed in), as the hub checks it.
 * The officer transferring and their own positions are left out: sending a ticket back to oneself
 * changes nothing.
 */
export function transferChoices(
  snapshot: Pick<BranchSnapshot, 'positions' | 'sessions'>,
  serviceCode: string,
  fromOfficerId: string,
): { positions: PositionChoice[]; officers: OfficerChoice[] } {
  const serving = snapshot.positions.filter((p) => p.active && p.services.includes(serviceCode)).sort((a, b) => a.label.localeCompare(b.label, 'id', { numeric: true }));
  const staffedBy = new Map(snapshot.sessions.flatMap((s) => s.positions.map((id) => [id, s] as const)));
  const positions = serving.flatMap((p) => {
    const session = staffedBy.get(p.id);
    return session && session.officerId !== fromOfficerId ? [{ id: p.id, label: p.label, officerName: session.officerName }] : [];
  });
  const officers = snapshot.sessions
    .filter((s) => s.officerId !== fromOfficerId)
    .flatMap((s) => {
      const labels = serving.filter((p) => s.positions.includes(p.id)).map((p) => p.label);
      return labels.length > 0 ? [{ id: s.officerId, name: s.officerName, positionLabels: labels }] : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'id'));
  return { positions, officers };
}
