import type { AuthenticatedDevice } from '../pairing/device-registry.js';
import type { ClientMessage, DeviceRole, RelayKind, RelayPeer, ServerMessage } from '../wire/schemas.js';
import type { EventStream } from './event-stream.js';

/**
 * Messages addressed from one device to another over their streams: WebRTC signalling between a
 * booth screen and the console serving it. The hub checks each one (the pair may talk, the
 * sender's role may send that kind), names the sender itself, passes it on and forgets it: a
 * relayed message is never stored and never replayed, and one for a device that is not
 * connected is refused at once with a `relay_refused` answer.
 */

/** Who may relay to whom now, without whether they are connected. */
export interface RelayPairs {
  peersOf(deviceId: string): readonly { deviceId: string; positionId: string }[];
}

/** What each role may send: the booth offers, the console answers and steers the call. */
const SENDS: Partial<Record<DeviceRole, ReadonlySet<RelayKind>>> = {
  booth: new Set<RelayKind>(['offer', 'candidate', 'capture_failed']),
  console: new Set<RelayKind>(['answer', 'candidate', 'restart', 'focus', 'capture']),
};

type RelayStream = Pick<EventStream, 'sendToDevice' | 'isOnline' | 'onConnection' | 'handleDeviceMessages'>;

export function createDeviceRelay(stream: RelayStream, pairs: RelayPairs) {
  /** Devices that take part, with a stream open, and the peers list each was last told. */
  const told = new Map<string, string>();

  const peersNow = (deviceId: string): RelayPeer[] => pairs.peersOf(deviceId).map((p) => ({ ...p, online: stream.isOnline(p.deviceId) }));

  /** Sends a device its peers when they differ from what it was last told (or always, to a new stream). */
  const tell = (deviceId: string, always: boolean): void => {
    const peers = peersNow(deviceId);
    const text = JSON.stringify(peers);
    if (!always && told.get(deviceId) === text) return;
    told.set(deviceId, text);
    stream.sendToDevice(deviceId, { type: 'peers', peers });
  };

  stream.onConnection((device, opened) => {
    if (!SENDS[device.role]) return;
    if (opened) tell(device.id, true);
    else if (!stream.isOnline(device.id)) told.delete(device.id);
    // Its peers learn that it came or went.
    for (const peer of pairs.peersOf(device.id)) if (told.has(peer.deviceId)) tell(peer.deviceId, false);
  });

  stream.handleDeviceMessages((device: AuthenticatedDevice | null, message: Exclude<ClientMessage, { type: 'ping' }>, reply: (m: ServerMessage) => void) => {
    const { to, body } = message;
    const about = { type: 'relay_refused' as const, to, kind: body.kind };
    if (!device) {
      reply({ ...about, error: { code: 'unauthorized', reason: 'relay_not_paired', params: {}, message: 'only a paired device may relay: pair this screen first' } });
      return;
    }
    if (!SENDS[device.role]?.has(body.kind)) {
      reply({ ...about, error: { code: 'forbidden', reason: 'relay_kind_forbidden', params: { role: device.role, kind: body.kind }, message: `a ${device.role} may not send ${body.kind}: the booth offers, the console answers` } });
      return;
    }
    if (!pairs.peersOf(device.id).some((p) => p.deviceId === to)) {
      reply({ ...about, error: { code: 'forbidden', reason: 'relay_not_peer', params: {}, message: `device ${to} is not this device's peer: a booth screen talks only to the console serving its booth, and back` } });
      return;
    }
    // Never queued for later: a signal is stale by the time a device comes back, and it offers anew then.
    if (stream.sendToDevice(to, { type: 'relay', from: device.id, body }) === 0) {
      reply({ ...about, error: { code: 'not_found', reason: 'relay_peer_offline', params: {}, message: 'the peer is not connected now: it is told again when it is' } });
    }
  });

  return {
    /** After the pairs may have changed (a sign-in, a screen moved to another booth): every device is told its peers anew. */
    refresh(): void {
      for (const deviceId of [...told.keys()]) tell(deviceId, false);
    },
  };
}

export type DeviceRelay = ReturnType<typeof createDeviceRelay>;
