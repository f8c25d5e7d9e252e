import { createHash } from 'node:crypto';
import type { ConnectionOptions } from 'node:tls';
import { WebSocket, type ClientOptions } from 'ws';
import type { JobSource } from '../printer/print-runner.js';
import type { BranchEvent, PrintJobMessage, ServerMessage } from '../wire/schemas.js';

export class HubLinkError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * How the agent reaches an HTTPS hub whose own certificate the device pinned: requests through the
 * app's session (which checks the pin), the event stream trusting exactly the pinned certificate.
 */
export interface HubTransport {
  fetch: typeof fetch;
  pinned: { pem: string; fingerprint: string } | null;
}

const plainTransport: HubTransport = { fetch: (...args) => fetch(...args), pinned: null };

/** ws options that accept the hub's pinned certificate and nothing else, whatever address it is reached at. */
function pinnedTls(pinned: HubTransport['pinned']): ClientOptions {
  if (!pinned) return {};
  const tls: ConnectionOptions = {
    ca: pinned.pem,
    checkServerIdentity: (_host, cert) => (createHash('sha256').update(cert.raw).digest('hex') === pinned.fingerprint ? undefined : new Error('the hub presented another certificate than the one this device pinned')),
  };
  // ws passes these to tls.connect; its own type for checkServerIdentity is not node's.
  return tls as ClientOptions;
}

/** One request to the hub's API, with the device's token when it has one; failures in words. */
async function hubCall<T>(base: string, token: string | null, method: string, path: string, body?: unknown, transport: HubTransport = plainTransport): Promise<T> {
  let res: Response;
  try {
    res = await transport.fetch(`${base}/api/v1${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    throw new HubLinkError(0, `hub ${base} unreachable: ${(err as Error).message}`);
  }
  const text = await res.text();
  const parsed = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) throw new HubLinkError(res.status, (parsed as { error?: { message?: string } } | null)?.error?.message ?? `hub answered ${res.status}`);
  return parsed as T;
}

/** The device agent's way to its hub: HTTP with the device's token, and the event stream. */
export function createHubLink(hubUrl: string, token: string, transport: HubTransport = plainTransport) {
  const base = hubUrl.replace(/\/$/, '');
  const call = <T>(method: string, path: string, body?: unknown) => hubCall<T>(base, token, method, path, body, transport);

  const jobs: JobSource = {
    openJobs: async () => (await call<{ jobs: PrintJobMessage[] }>('GET', '/print-jobs')).jobs,
    start: async (jobId) => void (await call('POST', `/print-jobs/${jobId}/start`, {})),
    finish: async (jobId, result) => void (await call('POST', `/print-jobs/${jobId}/result`, result)),
    reportStatus: async (status, detail) => void (await call('PUT', '/printer-status', { status, detail })),
    recoverInterrupted: async () => void (await call('POST', '/print-jobs/interrupted', {})),
  };

  return {
    jobs,
    whoAmI: () => call<{ device: { id: string; name: string; role: string } | null }>('GET', '/devices/current'),
    sendScan: (code: string) => call('POST', '/scans', { code }),

    /**
     * Follows the event stream live, reconnecting after a drop; the agent only needs to know that
     * something happened, so it does not replay history.
     */
    follow(onEvent: (event: BranchEvent) => void, onStatus: (connected: boolean) => void): { close(): void } {
      let ws: WebSocket | null = null;
      let closed = false;
      let retry: ReturnType<typeof setTimeout> | undefined;
      const open = () => {
        ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/stream`, { headers: { authorization: `Bearer ${token}` }, ...pinnedTls(transport.pinned) });
        ws.on('open', () => onStatus(true));
        ws.on('message', (data) => {
          let message: ServerMessage;
          try {
            message = JSON.parse(String(data)) as ServerMessage;
          } catch {
            return;
          }
          if (message.type === 'event') onEvent(message.event);
          else if (message.type === 'events') message.events.forEach(onEvent);
        });
        ws.on('error', () => undefined);
        ws.on('close', () => {
          onStatus(false);
          if (!closed) retry = setTimeout(open, 2000);
        });
      };
      open();
      return {
        close() {
          closed = true;
          clearTimeout(retry);
          ws?.close();
        },
      };
    },
  };
}

export type HubLink = ReturnType<typeof createHubLink>;

/**
 * Pairs a kiosk's device agent: asks the hub for a code, shows it, and waits for the supervisor's
 * approval to collect the token. The agent and the kiosk's page are one device, so the supervisor
 * approves the second of them as part of the first. `show` tells the person at the device what to do.
 */
export async function pairDevice(hubUrl: string, name: string, show: (line: string) => void, pollMs = 3000): Promise<string> {
  const base = hubUrl.replace(/\/$/, '');
  const post = (path: string, body: unknown) => hubCall<Record<string, unknown>>(base, null, 'POST', path, body);
  const request = (await post('/pairing', { name, role: 'kiosk', kind: 'agent' })) as { deviceId: string; code: string; claimSecret: string };
  show(`Pairing code: ${request.code}. Ask the supervisor to approve it on the Supervisor page, Devices: as a kiosk, and as part of this kiosk's screen if that is paired already.`);
  for (;;) {
    const claim = (await post(`/pairing/${request.deviceId}/claim`, { claimSecret: request.claimSecret })) as { status: string; token?: string };
    if (claim.status === 'active' && claim.token) return claim.token;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
