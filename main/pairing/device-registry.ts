import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { QueueStore } from '../queue/queue-store.js';
import { QueueError } from '../queue/errors.js';
import type { DeviceRole, DeviceView } from '../wire/schemas.js';

/**
 * Device pairing. A new device asks and shows a short code; a supervisor approves the code with a
 * role; the device then claims its token once, with a secret only it holds. Only hashes of tokens
 * and secrets are stored, so a copied database file pairs nobody.
 */

/** A device as the supervisor sees it. Its status 'expired' (a pending request nobody approved in time) is worked out when read, never written. */
export type Device = DeviceView;

export interface AuthenticatedDevice {
  id: string;
  name: string;
  role: DeviceRole;
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** A pairing code not approved within this time expires, so stale codes cannot be approved later. */
const PAIRING_TTL_MS = 30 * 60_000;

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

function pairingCode(): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

interface DeviceRow {
  id: string;
  name: string;
  role: DeviceRole | null;
  status: Device['status'];
  pairing_code: string | null;
  claim_hash: string | null;
  requested_at: number;
  approved_at: number | null;
  last_seen_at: number | null;
}

const toDevice = (r: DeviceRow, lastSeen: number | undefined, isExpired: boolean): Device => ({
  id: r.id,
  name: r.name,
  role: r.role,
  status: isExpired ? 'expired' : r.status,
  pairingCode: r.status === 'pending' && !isExpired ? r.pairing_code : null,
  requestedAt: r.requested_at,
  approvedAt: r.approved_at,
  lastSeenAt: lastSeen ?? r.last_seen_at,
});

export function createDeviceRegistry(db: Database.Database, store: QueueStore, clock: () => number) {
  const q = {
    insert: db.prepare(`INSERT INTO devices (id, name, role, status, pairing_code, claim_hash, requested_at, approved_at)
      VALUES (@id, @name, @role, @status, @pairingCode, @claimHash, @requestedAt, @approvedAt)`),
    insertToken: db.prepare('INSERT INTO device_tokens (token_hash, device_id, kind, created_at) VALUES (?, ?, ?, ?)'),
    dropTokens: db.prepare('DELETE FROM device_tokens WHERE device_id = ?'),
    byId: db.prepare('SELECT * FROM devices WHERE id = ?'),
    pendingByCode: db.prepare("SELECT * FROM devices WHERE status = 'pending' AND pairing_code = ?"),
    byToken: db.prepare("SELECT d.id, d.name, d.role FROM device_tokens t JOIN devices d ON d.id = t.device_id WHERE t.token_hash = ? AND d.status = 'active'"),
    all: db.prepare('SELECT * FROM devices ORDER BY requested_at DESC'),
    approve: db.prepare("UPDATE devices SET status = 'approved', role = ?, name = ?, approved_at = ? WHERE id = ?"),
    activate: db.prepare("UPDATE devices SET status = 'active', claim_hash = NULL, pairing_code = NULL WHERE id = ?"),
    revoke: db.prepare("UPDATE devices SET status = 'revoked', claim_hash = NULL, revoked_at = ? WHERE id = ?"),
    touch: db.prepare('UPDATE devices SET last_seen_at = ? WHERE id = ?'),
  };
  // Last contact is kept in memory and written in batches: a durable write per request would
  // cost a disk flush on every poll of every device.
  const lastSeen = new Map<string, number>();
  // Through the queue store, so that a pairing change reaches the stream like any other commit.
  const tx = <T>(fn: () => T): T => store.transaction(fn);
  const expired = (row: DeviceRow, now: number): boolean => row.status === 'pending' && row.requested_at < now - PAIRING_TTL_MS;

  const registry = {
    requestPairing(name: string): { deviceId: string; code: string; claimSecret: string; expiresAt: number } {
      const now = clock();
      return tx(() => {
        let code = pairingCode();
        while (q.pendingByCode.get(code)) code = pairingCode();
        const claimSecret = randomBytes(32).toString('base64url');
        const deviceId = crypto.randomUUID();
        q.insert.run({ id: deviceId, name, role: null, status: 'pending', pairingCode: code, claimHash: sha256(claimSecret), requestedAt: now, approvedAt: null });
        store.appendEvent('device.pairing_requested', { deviceId, name, code }, now);
        return { deviceId, code, claimSecret, expiresAt: now + PAIRING_TTL_MS };
      });
    },

    approve(code: string, role: DeviceRole, name?: string): Device {
      const now = clock();
      return tx(() => {
        const found = q.pendingByCode.get(code) as DeviceRow | undefined;
        const row = found && !expired(found, now) ? found : undefined;
        if (!row) throw new QueueError('not_found', `no device is waiting with code ${code}: check the code on the device's screen, or ask it for a new one`, { field: 'code' });
        q.approve.run(role, name ?? row.name, now, row.id);
        store.appendEvent('device.approved', { deviceId: row.id, name: name ?? row.name, role }, now);
        return toDevice(q.byId.get(row.id) as DeviceRow, undefined, false);
      });
    },

    /** The device's one chance to collect its token after approval. */
    claim(deviceId: string, claimSecret: string): { status: 'pending' } | { status: 'active'; token: string; role: DeviceRole } {
      const now = clock();
      return tx(() => {
        const row = q.byId.get(deviceId) as DeviceRow | undefined;
        const secretOk = row?.claim_hash != null && timingSafeEqual(Buffer.from(row.claim_hash), Buffer.from(sha256(claimSecret)));
        if (!row || !secretOk) throw new QueueError('not_found', 'unknown pairing request, or it was already claimed: start pairing again', { field: 'claimSecret' });
        if (row.status === 'pending' && !expired(row, now)) return { status: 'pending' };
        if (row.status !== 'approved' || !row.role) {
          throw new QueueError('conflict', 'this pairing request was refused or has expired: start pairing again', { field: 'deviceId' });
        }
        const token = randomBytes(32).toString('base64url');
        q.activate.run(row.id);
        q.insertToken.run(sha256(token), row.id, 'page', now);
        store.appendEvent('device.claimed', { deviceId: row.id }, now);
        return { status: 'active', token, role: row.role };
      });
    },

    /** Pairs a device in one step, for devices a profile lists (the demo branch) and for tests. */
    preparePaired(name: string, role: DeviceRole): { deviceId: string; token: string } {
      return tx(() => {
        const now = clock();
        const deviceId = crypto.randomUUID();
        const token = randomBytes(32).toString('base64url');
        q.insert.run({ id: deviceId, name, role, status: 'active', pairingCode: null, claimHash: null, requestedAt: now, approvedAt: now });
        q.insertToken.run(sha256(token), deviceId, 'page', now);
        store.appendEvent('device.approved', { deviceId, name, role }, now);
        return { deviceId, token };
      });
    },

    revoke(deviceId: string): void {
      tx(() => {
        const row = q.byId.get(deviceId) as DeviceRow | undefined;
        if (!row || row.status === 'revoked') throw new QueueError('not_found', `no paired device "${deviceId}"`, { field: 'deviceId' });
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
