import type { OfficerStaffView, PositionStaffView, StaffOverview } from '../../main/wire/schemas.js';
import { deviceState, type DeviceEntry } from './device-health.js';

/**
 * Who works where right now, grouped the way the supervisor acts on it: each officer on duty with
 * their console and their positions, then the active positions nobody serves. Pure, so the page's
 * grouping is tested without a browser.
 */
export interface DutyGroup {
  officer: OfficerStaffView;
  /** The console the officer signed in at; null when the hub no longer knows it (revoked, or none). */
  console: DeviceEntry | null;
  consoleOnline: boolean;
  positions: PositionStaffView[];
  /** The tickets they hold (called or in service), which a sign-out puts back in the queue. */
  held: NonNullable<PositionStaffView['holding']>[];
}

export interface DutyBoard {
  groups: DutyGroup[];
  /** Active positions no officer is signed in to. */
  free: PositionStaffView[];
}

/** Bilik 2 before Bilik 10. */
const byLabel = (a: PositionStaffView, b: PositionStaffView) => a.label.localeCompare(b.label, 'id', { numeric: true });

export function dutyBoard(staff: StaffOverview, devices: readonly DeviceEntry[]): DutyBoard {
  const positionOf = new Map(staff.positions.map((p) => [p.id, p]));
  const groups = staff.officers
    .filter((o) => o.onDuty !== null)
    .sort((a, b) => a.onDuty!.since - b.onDuty!.since)
    .map((officer): DutyGroup => {
      const duty = officer.onDuty!;
      const positions = duty.positions.flatMap((id) => positionOf.get(id) ?? []).sort(byLabel);
      const device = devices.find((d) => d.id === duty.deviceId && d.status === 'active') ?? null;
      return {
        officer,
        console: device,
        consoleOnline: device !== null && deviceState(device) === 'online',
        positions,
        held: positions.flatMap((p) => p.holding ?? []),
      };
    });
  const staffed = new Set(groups.flatMap((g) => g.positions.map((p) => p.id)));
  const free = staff.positions.filter((p) => p.active && !staffed.has(p.id)).sort(byLabel);
  return { groups, free };
}

/** Officers on duty whose console cannot be reached: their tickets wait on a screen nobody sees. */
export function strandedGroups(board: DutyBoard): DutyGroup[] {
  return board.groups.filter((g) => !g.consoleOnline);
}
