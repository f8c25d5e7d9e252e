import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { QueueStore } from '../queue/queue-store.js';
import { QueueError } from '../queue/errors.js';
import type { DeviceBinding, DeviceRole, DeviceTokenKind, DeviceView } from '../wire/schemas.js';

/**
 * Device pairing. A new device asks and shows a short code; a supervisor approves the code with a
 * role and what the device serves (a booth screen its booth, a kiosk its printer); the device then
 * claims its token once, with a secret only it holds. A request may instead be approved to join a
 * device already paired: a kiosk's page and its device agent are one device, each with its own
 * token. Only hashes of tokens and secrets are stored, so a copied database file pairs nobody.
 */

/** A device as the supervisor sees it. Its status 'expired' (a pending request nobody approved in time) is worked out when read, never written. */
export type Device = DeviceView;

export interface AuthenticatedDevice {
  id: string;
  name: string;
  role: DeviceRole;
  /** A booth screen's booth position; null for other roles. */
  positionId: string | null;
}

export interface ApproveInput {
  role: DeviceRole;
  name?: string;
  /** A booth screen: the booth position it shows. */
  positionId?: string;
  /** A kiosk: who prints its tickets ('agent', 'hub:<printer name>', or none yet). */
  printer?: string | null;
  /** Becomes another token of this paired device instead of a device of its own. */
  joinDeviceId?: string;
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** A pairing code not approved within this time expires, so stale codes cannot be approved later. */
export const PAIRING_TTL_MS = 30 * 60_000;

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export function randomCode(length: number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

interface DeviceRow {
  id: string;
  name: string;
  role: DeviceRole | null;
  status: Device['status'];
  pairing_code: string | null;
  claim_hash: string | null;
  requested_role: DeviceRole | null;
  requested_kind: DeviceTokenKind;
  join_device_id: string | null;
  position_id: string | null;
  printer: string | null;
  requested_at: number;
  approved_at: number | null;
  last_seen_at: number | null;
  page_tokens: number;
  agent_tokens: number;
}

const toDevice = (r: DeviceRow, lastSeen: number | undefined, isExpired: boolean): Device => ({
  id: r.id,
  name: r.name,
  role: r.role,
  status: isExpired ? 'expired' : r.status,
  pairingCode: r.status === 'pending' && !isExpired ? r.pairing_code : null,
  requestedRole: r.requested_role,
  requestedKind: r.requested_kind,
  joinDeviceId: r.join_device_id,
  positionId: r.position_id,
  printer: r.printer,
  hasPage: r.page_tokens > 0,
  hasAgent: r.agent_tokens > 0,
  requestedAt: r.requested_at,
  approvedAt: r.approved_at,
  lastSeenAt: lastSeen ?? r.last_seen_at,
});

const DEVICE_SELECT = `SELECT d.*,
  (SELECT count(*) FROM device_tokens t WHERE t.device_id = d.id AND t.kind = 'page') AS page_tokens,
  (SELECT count(*) FROM device_tokens t WHERE t.device_id = d.id AND t.kind = 'agent') AS agent_tokens
  FROM devices d`;

export function createDeviceRegistry(db: Database.Database, store: QueueStore, clock: () => number, options: { hubPrinters?: readonly string[] } = {}) {
  const hubPrinters = new Set(options.hubPrinters ?? []);
  const q = {
    insert: db.prepare(`INSERT INTO devices (id, name, role, status, pairing_code, claim_hash, requested_role, requested_kind, position_id, printer, requested_at, approved_at)
      VALUES (@id, @name, @role, @status, @pairingCode, @claimHash, @requestedRole, @requestedKind, @positionId, @printer, @requestedAt, @approvedAt)`),
    insertToken: db.prepare('INSERT INTO device_tokens (token_hash, device_id, kind, created_at) VALUES (?, ?, ?, ?)'),
    dropTokens: db.prepare('DELETE FROM device_tokens WHERE device_id = ?'),
    dropTokensOfKind: db.prepare('DELETE FROM device_tokens WHERE device_id = ? AND kind = ?'),
    byId: db.prepare(`${DEVICE_SELECT} WHERE d.id = ?`),
    pendingByCode: db.prepare(`${DEVICE_SELECT} WHERE d.status = 'pending' AND d.pairing_code = ?`),
    byToken: db.prepare("SELECT d.id, d.name, d.role, d.position_id AS positionId FROM device_tokens t JOIN devices d ON d.id = t.device_id WHERE t.token_hash = ? AND d.status = 'active'"),
    all: db.prepare(`${DEVICE_SELECT} ORDER BY d.requested_at DESC`),
    boundTo: db.prepare("SELECT id, name FROM devices WHERE status IN ('approved', 'active') AND (position_id = @positionId OR printer = @printer) AND id != @id"),
    approve: db.prepare("UPDATE devices SET status = 'approved', role = @role, name = @name, position_id = @positionId, printer = @printer, join_device_id = @joinDeviceId, approved_at = @at WHERE id = @id"),
    bind: db.prepare('UPDATE devices SET position_id = @positionId, printer = @printer WHERE id = @id'),
    activate: db.prepare("UPDATE devices SET status = 'active', claim_hash = NULL, pairing_code = NULL WHERE id = ?"),
    dropRequest: db.prepare('DELETE FROM devices WHERE id = ?'),
    revoke: db.prepare("UPDATE devices SET status = 'revoked', claim_hash = NULL, revoked_at = ? WHERE id = ?"),
    touch: db.prepare('UPDATE devices SET last_seen_at = ? WHERE id = ?'),
    activeSupervisors: db.prepare("SELECT count(*) FROM devices WHERE role = 'supervisor' AND status = 'active'").pluck(),
  };
  // Last contact is kept in memory and written in batches: a durable write per request would
  // cost a disk flush on every poll of every device.
  const lastSeen = new Map<string, number>();
  // Through the queue store, so that a pairing change reaches the stream like any other commit.
  const tx = <T>(fn: () => T): T => store.transaction(fn);
  const expired = (row: DeviceRow, now: number): boolean => row.status === 'pending' && row.requested_at < now - PAIRING_TTL_MS;
  const read = (id: string) => q.byId.get(id) as DeviceRow | undefined;

  /** Checks what a device is bound to against its role, the branch's positions and the hub's printers. */
  function checkBinding(deviceId: string, role: DeviceRole, binding: DeviceBinding): { positionId: string | null; printer: string | null } {
    const positionId = role === 'booth' ? (binding.positionId ?? null) : null;
    const printer = role === 'kiosk' ? (binding.printer ?? null) : null;
    if (role !== 'booth' && binding.positionId) {
      throw new QueueError('invalid', 'only a booth screen is bound to a position', { field: 'positionId', reason: 'position_only_for_booth', params: { role } });
    }
    if (role !== 'kiosk' && binding.printer) {
      throw new QueueError('invalid', 'only a kiosk has a printer', { field: 'printer', reason: 'printer_only_for_kiosk', params: { role } });
    }
    if (positionId) {
      const position = store.position(positionId);
      if (!position || position.kind !== 'booth') {
        throw new QueueError('invalid', `"${positionId}" is not a booth of this branch`, { field: 'positionId', reason: 'position_not_booth', params: { position: position?.label ?? positionId } });
      }
    }
    if (printer && printer !== 'agent') {
      const name = printer.replace(/^hub:/, '');
      if (!printer.startsWith('hub:') || !hubPrinters.has(name)) {
        throw new QueueError('invalid', `the hub runs no printer named "${name}"`, { field: 'printer', reason: 'printer_unknown', params: { printer: name } });
      }
    }
    const hubPrinter = printer?.startsWith('hub:') ? printer : null;
    if (!positionId && !hubPrinter) return { positionId, printer };
    const taken = q.boundTo.get({ positionId, printer: hubPrinter, id: deviceId }) as { id: string; name: string } | undefined;
    if (taken && positionId) {
      const position = store.position(positionId)?.label ?? positionId;
      throw new QueueError('conflict', `booth ${position} already has a screen: ${taken.name}`, { field: 'positionId', reason: 'booth_position_taken', params: { position, device: taken.name } });
    }
    if (taken && hubPrinter) {
      throw new QueueError('conflict', `printer ${hubPrinter.slice(4)} already prints for ${taken.name}`, { field: 'printer', reason: 'printer_taken', params: { printer: hubPrinter.slice(4), device: taken.name } });
    }
    return { positionId, printer };
  }

  const registry = {
    requestPairing(name: string, wanted: { role?: DeviceRole; kind?: DeviceTokenKind } = {}): { deviceId: string; code: string; claimSecret: string; expiresAt: number } {
      const now = clock();
      return tx(() => {
        let code = randomCode(6);
        while (q.pendingByCode.get(code)) code = randomCode(6);
        const claimSecret = randomBytes(32).toString('base64url');
        const deviceId = crypto.randomUUID();
        q.insert.run({ id: deviceId, name, role: null, status: 'pending', pairingCode: code, claimHash: sha256(claimSecret), requestedRole: wanted.role ?? null, requestedKind: wanted.kind ?? 'page', positionId: null, printer: null, requestedAt: now, approvedAt: null });
        // The code stays out of the log: the log is what headquarters receives, and a code is a key.
        store.appendEvent('device.pairing_requested', { deviceId, name, role: wanted.role ?? null, kind: wanted.kind ?? 'page' }, now);
        return { deviceId, code, claimSecret, expiresAt: now + PAIRING_TTL_MS };
      });
    },

    approve(code: string, input: ApproveInput): Device {
      const now = clock();
      return tx(() => {
        const found = q.pendingByCode.get(code) as DeviceRow | undefined;
        const row = found && !expired(found, now) ? found : undefined;
        if (!row) throw new QueueError('not_found', `no device is waiting with code ${code}: check the code on the device's screen, or ask it for a new one`, { field: 'code', reason: 'pairing_code_unknown', params: { code } });
        if (input.joinDeviceId) {
          const target = read(input.joinDeviceId);
          if (!target || (target.status !== 'active' && target.status !== 'approved')) {
            throw new QueueError('not_found', `no paired device "${input.joinDeviceId}"`, { field: 'joinDeviceId', reason: 'device_not_found', params: {} });
          }
          if (target.role !== input.role) {
            throw new QueueError('invalid', `${target.name} is a ${target.role}, not a ${input.role}`, { field: 'joinDeviceId', reason: 'join_wrong_role', params: { device: target.name, role: target.role ?? '' } });
          }
          q.approve.run({ id: row.id, role: input.role, name: target.name, positionId: null, printer: null, joinDeviceId: target.id, at: now });
          store.appendEvent('device.approved', { deviceId: target.id, name: target.name, role: input.role }, now);
          return toDevice(read(row.id)!, undefined, false);
        }
        if (input.role === 'booth' && !input.positionId) {
          throw new QueueError('invalid', 'choose the booth this screen is in', { field: 'positionId', reason: 'booth_position_required', params: {} });
        }
        // A kiosk's agent prints for its own kiosk unless the supervisor says otherwise.
        const printer = input.printer === undefined && input.role === 'kiosk' && row.requested_kind === 'agent' ? 'agent' : input.printer;
        const binding = checkBinding(row.id, input.role, { positionId: input.positionId, printer });
        const name = input.name ?? row.name;
        q.approve.run({ id: row.id, role: input.role, name, ...binding, joinDeviceId: null, at: now });
        store.appendEvent('device.approved', { deviceId: row.id, name, role: input.role }, now);
        return toDevice(read(row.id)!, undefined, false);
      });
    },

    /** Changes what a paired device serves: a booth screen's booth, a kiosk's printer. */
    bind(deviceId: string, binding: DeviceBinding): Device {
      return tx(() => {
        const row = read(deviceId);
        if (!row || !row.role || (row.status !== 'active' && row.status !== 'approved')) {
          throw new QueueError('not_found', `no paired device "${deviceId}"`, { field: 'deviceId', reason: 'device_not_found', params: {} });
        }
        // What the request does not name stays as it was.
        const checked = checkBinding(row.id, row.role, { positionId: binding.positionId ?? row.position_id ?? undefined, printer: binding.printer === undefined ? row.printer : binding.printer });
        q.bind.run({ id: row.id, ...checked });
        store.appendEvent('device.bound', { deviceId: row.id, positionId: checked.positionId, printer: checked.printer }, clock());
        return toDevice(read(row.id)!, lastSeen.get(row.id), false);
      });
    },

    /** The device's one chance to collect its token after approval. */
    claim(deviceId: string, claimSecret: string): { status: 'pending' } | { status: 'active'; token: string; role: DeviceRole; deviceId: string } {
      const now = clock();
      return tx(() => {
        const row = read(deviceId);
        const secretOk = row?.claim_hash != null && timingSafeEqual(Buffer.from(row.claim_hash), Buffer.from(sha256(claimSecret)));
        if (!row || !secretOk) throw new QueueError('not_found', 'unknown pairing request, or it was already claimed: start pairing again', { field: 'claimSecret', reason: 'pairing_claim_unknown', params: {} });
        if (row.status === 'pending' && !expired(row, now)) return { status: 'pending' };
        if (row.status !== 'approved' || !row.role) {
          throw new QueueError('conflict', 'this pairing request was refused or has expired: start pairing again', { field: 'deviceId', reason: 'pairing_refused_or_expired', params: {} });
        }
        const token = randomBytes(32).toString('base64url');
        const target = row.join_device_id ? read(row.join_device_id) : row;
        if (!target || !target.role || (target.status !== 'active' && target.status !== 'approved')) {
          throw new QueueError('conflict', 'the device this screen was to join is no longer paired: start pairing again', { field: 'deviceId', reason: 'pairing_refused_or_expired', params: {} });
        }
        // A new page (or agent) of a device replaces the old one: a kiosk PC rebuilt keeps its binding.
        q.dropTokensOfKind.run(target.id, row.requested_kind);
        q.insertToken.run(sha256(token), target.id, row.requested_kind, now);
        if (row.join_device_id) q.dropRequest.run(row.id);
        q.activate.run(target.id);
        store.appendEvent('device.claimed', { deviceId: target.id, kind: row.requested_kind }, now);
        return { status: 'active', token, role: target.role, deviceId: target.id };
      });
    },

    /** Pairs a device in one step: the demo's devices, the first supervisor of a new branch, tests. */
    preparePaired(name: string, role: DeviceRole, binding: DeviceBinding = {}): { deviceId: string; token: string } {
      return tx(() => {
        const now = clock();
        const deviceId = crypto.randomUUID();
        const checked = checkBinding(deviceId, role, binding);
        const token = randomBytes(32).toString('base64url');
        q.insert.run({ id: deviceId, name, role, status: 'active', pairingCode: null, claimHash: null, requestedRole: role, requestedKind: 'page', ...checked, requestedAt: now, approvedAt: now });
        q.insertToken.run(sha256(token), deviceId, 'page', now);
        store.appendEvent('device.approved', { deviceId, name, role }, now);
        return { deviceId, token };
      });
    },

    /** A further token for a paired device, as a claim would give it (the demo's kiosk agent, tests). */
    addToken(deviceId: string, kind: DeviceTokenKind): string {
      return tx(() => {
        const row = read(deviceId);
        if (!row || row.status !== 'active') throw new QueueError('not_found', `no paired device "${deviceId}"`, { field: 'deviceId', reason: 'device_not_found', params: {} });
        const token = randomBytes(32).toString('base64url');
        q.dropTokensOfKind.run(deviceId, kind);
        q.insertToken.run(sha256(token), deviceId, kind, clock());
        store.appendEvent('device.claimed', { deviceId, kind }, clock());
        return token;
      });
    },

    revoke(deviceId: string): void {
      tx(() => {
        const row = read(deviceId);
        if (!row || row.status === 'revoked') throw new QueueError('not_found', `no paired device "${deviceId}"`, { field: 'deviceId', reason: 'device_not_found', params: {} });
        q.revoke.run(clock(), deviceId);
        q.dropTokens.run(deviceId);
        lastSeen.delete(deviceId);
        store.appendEvent('device.revoked', { deviceId }, clock());
      });
    },

    authenticate(token: string): AuthenticatedDevice | null {
      const device = q.byToken.get(sha256(token)) as AuthenticatedDevice | undefined;
      if (!device) return null;
      lastSeen.set(device.id, clock());
      return device;
    },

    devices(): Device[] {
      const now = clock();
      return (q.all.all() as DeviceRow[]).map((r) => toDevice(r, lastSeen.get(r.id), expired(r, now)));
    },

    hasActiveSupervisor(): boolean {
      return (q.activeSupervisors.get() as number) > 0;
    },

    /** The names of the network printers the hub runs, which a kiosk may be bound to. */
    hubPrinters(): string[] {
      return [...hubPrinters];
    },

    /** Writes the remembered last-contact times; the hub calls this on a timer and at shutdown. */
    flushLastSeen(): void {
      if (lastSeen.size === 0) return;
      tx(() => {
        for (const [id, at] of lastSeen) q.touch.run(at, id);
      });
      lastSeen.clear();
    },
  };
  return registry;
}

export type DeviceRegistry = ReturnType<typeof createDeviceRegistry>;
