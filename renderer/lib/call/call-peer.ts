import type { CallSettings, RelayBody } from '../../../main/wire/schemas.js';

/**
 * One WebRTC call between a booth screen and the console serving it. The booth always offers
 * and the console answers (both offering at once left calls unconnected here); `callId` names
 * this peer connection, so signals of one replaced since are dropped. Candidates that arrive
 * before the remote description are held until it is set.
 */
export class CallPeer {
  readonly pc: RTCPeerConnection;
  #pending: RTCIceCandidateInit[] = [];
  #closed = false;

  constructor(
    readonly callId: string,
    settings: CallSettings,
    /** Sends a signal to the peer over the hub's relay. */
    private readonly send: (body: RelayBody) => void,
  ) {
    this.pc = new RTCPeerConnection({ iceServers: settings.iceServers });
    this.pc.onicecandidate = ({ candidate }) => {
      if (!candidate || this.#closed) return;
      this.send({ kind: 'candidate', callId, candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex });
    };
  }

  get connected(): boolean {
    return this.pc.connectionState === 'connected';
  }

  /** The booth's side: the offer, sent once it is set locally. */
  async offer(): Promise<void> {
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    this.send({ kind: 'offer', callId: this.callId, sdp: this.pc.localDescription!.sdp });
  }

  /** The console's side: takes the booth's offer, lets `prepare` put its own tracks on the offered transceivers, and sends the answer. */
  async answer(sdp: string, prepare: (pc: RTCPeerConnection) => Promise<void> | void): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp });
    await prepare(this.pc);
    await this.#flush();
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription(answer);
    this.send({ kind: 'answer', callId: this.callId, sdp: this.pc.localDescription!.sdp });
  }

  /** The booth's side: the console's answer to this call's offer. */
  async accept(sdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'answer', sdp });
    await this.#flush();
  }

  async addCandidate(body: Extract<RelayBody, { kind: 'candidate' }>): Promise<void> {
    const candidate = { candidate: body.candidate, sdpMid: body.sdpMid, sdpMLineIndex: body.sdpMLineIndex };
    if (!this.pc.remoteDescription) this.#pending.push(candidate);
    else await this.pc.addIceCandidate(candidate);
  }

  close(): void {
    this.#closed = true;
    this.pc.close();
  }

  async #flush(): Promise<void> {
    const pending = this.#pending;
    this.#pending = [];
    for (const candidate of pending) await this.pc.addIceCandidate(candidate);
  }
}

/** A new call's id. */
export const newCallId = (): string => crypto.randomUUID();
