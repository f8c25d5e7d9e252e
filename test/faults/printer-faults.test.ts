/**
 * Printer faults against the virtual printer, through a real hub that runs the kiosk's network
 * printer (and, for the kiosk's own device agent, over HTTP). In every fault:
 *   - the ticket exists and waits in the queue with its number (GET /state),
 *   - the kiosk got its ticket in the POST /tickets answer (that is what its screen shows),
 *   - the supervisor sees the fault in words (overview.printFailures) and the printer's condition
 *     (overview.printers),
 *   - once the fault is fixed, the supervisor's reprint prints the ticket and the job is printed.
 * Also: paper near its end prints and warns; jobs survive a hub restart; a job left printing when
 * the hub or agent stopped becomes failed (interrupted) at the next start and is never printed twice.
 *
 * Nothing here waits on a clock: every wait is for an event, a printed job or a status.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDeviceAgent } from '../../main/devices/device-agent.js';
import { filePairingState } from '../../main/devices/pairing-state.js';
import { profileSchema, type Profile } from '../../main/profiles/profile-schema.js';
import { startVirtualPrinter, type PrinterCondition, type VirtualPrinter } from '../../tools/virtual-printer/virtual-printer.js';
import type { BranchEvent, BranchSnapshot } from '../../main/wire/schemas.js';
import { freePort, issueAt, startPrintingHub, type HubPrinter, type PrintingHub } from '../printer/fixtures/printing-hub.js';

const KIOSK = 'Kiosk lobby';

let outDir: string;
const printers: VirtualPrinter[] = [];
const proxies: PrinterProxy[] = [];
const agents: { stop(): Promise<void> }[] = [];
let h: PrintingHub | null = null;

beforeEach(() => {
  outDir = mkdtempSync(join(tmpdir(), 'antre-print-faults-'));
});

afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.stop()));
  await h?.close();
  h = null;
  await Promise.all(proxies.splice(0).map((p) => p.close()));
  await Promise.all(printers.splice(0).map((p) => p.close()));
  rmSync(outDir, { recursive: true, force: true });
});

async function virtualPrinter(condition: PrinterCondition = 'ready', port = 0): Promise<VirtualPrinter> {
  const p = await startVirtualPrinter({ port, outDir: join(outDir, `printer-${printers.length}`), condition });
  printers.push(p);
  return p;
}

const printerAt = (port: number): HubPrinter => ({ device: KIOSK, address: `tcp://127.0.0.1:${port}`, paper: '80mm' });

async function hubWith(printerPort: number | null): Promise<PrintingHub> {
  h = await startPrintingHub({ kiosks: [KIOSK], printers: printerPort === null ? [] : [printerAt(printerPort)] });
  return h;
}

/** A printer.status event for the kiosk with this status, after the given sequence. */
function printerStatus(hub: PrintingHub, status: string, afterSeq = 0): Promise<BranchEvent> {
  return hub.events.waitFor(
    (e) => e.type === 'printer.status' && e.seq > afterSeq && e.payload.deviceId === hub.deviceId(KIOSK) && e.payload.status === status,
    `printer status '${status}' after event ${afterSeq}`,
  );
}

/** The ticket is waiting in its service's queue, with its number, as every screen draws it. */
async function expectWaiting(hub: PrintingHub, ticket: { id: string; displayNumber: string; serviceCode: string }): Promise<void> {
  const state = await hub.api<BranchSnapshot>('GET', '/state', { token: hub.supervisorToken });
  expect(state.status).toBe(200);
  const queue = state.body.queues.find((q) => q.service.code === ticket.serviceCode)!;
  expect(queue.waiting.map((t) => [t.id, t.displayNumber, t.status])).toContainEqual([ticket.id, ticket.displayNumber, 'waiting']);
}

/** Asks for a reprint as the supervisor and waits for its outcome. */
async function reprint(hub: PrintingHub, ticketId: string) {
  const res = await hub.api('POST', `/tickets/${ticketId}/reprint`, { token: hub.supervisorToken, body: {} });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const jobId = res.body.job.id as string;
  return { jobId, outcome: await hub.events.printOutcome(jobId) };
}

/** An outcome event as a failure message shows it: the type and the reason or warning. */
const said = (e: BranchEvent) => `${e.type} ${JSON.stringify(e.payload)}`;

/** Printed jobs (not refused, not cut short) on a virtual printer whose text holds the number. */
const printedWith = (p: VirtualPrinter, displayNumber: string) => p.jobs.filter((j) => j.status === 'printed' && j.text.includes('[CUT]') && j.text.includes(displayNumber));

/**
 * A printer that goes away in the middle of a job: a TCP relay in front of a virtual printer that
 * passes status queries through, and on the first job bytes passes half of them on and drops the
 * connection ('drop': the printer answers again at once) or drops it and stops listening ('vanish':
 * the printer is gone until `restart`).
 */
class PrinterProxy {
  #server: Server | null = null;
  #sockets = new Set<Socket>();
  mode: 'forward' | 'drop' | 'vanish' = 'forward';
  /** Job bytes seen when the connection was dropped. */
  cutOff = 0;

  private constructor(
    readonly target: number,
    public port: number,
  ) {}

  static async start(target: number, mode: PrinterProxy['mode']): Promise<PrinterProxy> {
    const proxy = new PrinterProxy(target, 0);
    proxy.mode = mode;
    await proxy.listen();
    proxies.push(proxy);
    return proxy;
  }

  private async listen(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target, '127.0.0.1');
      this.#sockets.add(client).add(upstream);
      const forget = () => {
        this.#sockets.delete(client);
        this.#sockets.delete(upstream);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', forget).on('close', forget);
      upstream.on('error', forget).on('close', forget);
      upstream.on('data', (chunk) => client.write(chunk));
      client.on('data', (chunk: Buffer) => {
        const query = chunk.length === 3 && ((chunk[0] === 0x10 && chunk[1] === 0x04) || (chunk[0] === 0x1d && chunk[1] === 0x72));
        if (query || this.mode === 'forward') {
          upstream.write(chunk);
          return;
        }
        const mode = this.mode;
        this.mode = 'forward';
        this.cutOff = chunk.length;
        upstream.write(chunk.subarray(0, chunk.length >> 1), () => {
          forget();
          if (mode === 'vanish') void this.stop();
        });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.#server = server;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    for (const s of this.#sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The printer is back, on the same port. */
  async restart(): Promise<void> {
    await this.stop();
    this.mode = 'forward';
    await this.listen();
  }

  close(): Promise<void> {
    return this.stop();
  }
}

const FAULTS = [
  { condition: 'paper_out', message: `Printer ${KIOSK}: paper out` },
  { condition: 'cover_open', message: `Printer ${KIOSK}: cover open` },
  { condition: 'offline', message: `Printer ${KIOSK}: offline` },
  { condition: 'error', message: `Printer ${KIOSK}: printer error, switch it off and on` },
] as const;

describe('printer faults on a printer the hub runs', () => {
  it.each(FAULTS)('$condition: the ticket is issued and waits, the supervisor reads "$message", and a reprint prints it once fixed', async ({ condition, message }) => {
    const printer = await virtualPrinter(condition);
    const hub = await hubWith(printer.port);

    // The kiosk gets its ticket whatever the printer does: that answer is what its screen shows.
    const issued = await issueAt(hub, KIOSK, { serviceCode: 'JHT' });
    expect(issued.ticket).toMatchObject({ displayNumber: 'A001', status: 'waiting', serviceCode: 'JHT' });
    expect(issued.statusCode).toMatch(/^[a-z2-9]{16}$/);
    expect(issued.printJobId).toEqual(expect.any(String));

    const failed = await hub.events.printOutcome(issued.printJobId!);
    expect(failed, said(failed)).toMatchObject({ type: 'print.failed', payload: { ticketId: issued.ticket.id, displayNumber: 'A001', reason: condition } });
    await printerStatus(hub, condition);
    await expectWaiting(hub, issued.ticket);

    // Nothing came out: the job was not even sent to a printer that said it cannot print.
    expect(printer.jobs.filter((j) => j.status === 'printed')).toEqual([]);

    const overview = await hub.overview();
    expect(overview.printFailures).toEqual([
      expect.objectContaining({ ticketId: issued.ticket.id, displayNumber: 'A001', deviceName: KIOSK, reason: condition, message }),
    ]);
    expect(overview.printers).toEqual([expect.objectContaining({ deviceName: KIOSK, status: condition, message })]);

    // Someone fixes the printer; the supervisor reprints.
    printer.setCondition('ready');
    const again = await reprint(hub, issued.ticket.id);
    expect(again.outcome, said(again.outcome)).toMatchObject({ type: 'print.printed', payload: { ticketId: issued.ticket.id, warning: null } });
    await printer.waitForJobs(1);
    expect(printedWith(printer, 'A001')).toHaveLength(1);
    await printerStatus(hub, 'ready', failed.seq);
    const after = await hub.overview();
    expect(after.printFailures).toEqual([]);
    expect(after.printers).toEqual([expect.objectContaining({ deviceName: KIOSK, status: 'ready' })]);
    await expectWaiting(hub, issued.ticket);
  });

  it('connection refused (nothing listening): the ticket waits, "cannot be reached" for the supervisor, and it prints once the printer is on', async () => {
    const port = await freePort();
    const hub = await hubWith(port);

    const issued = await issueAt(hub, KIOSK, { serviceCode: 'JHT' });
    expect(issued.ticket).toMatchObject({ displayNumber: 'A001', status: 'waiting' });
    const failed = await hub.events.printOutcome(issued.printJobId!);
    expect(failed, said(failed)).toMatchObject({ type: 'print.failed', payload: { ticketId: issued.ticket.id, reason: 'unreachable' } });
    await printerStatus(hub, 'unreachable');
    await expectWaiting(hub, issued.ticket);

    const message = `Printer ${KIOSK}: cannot be reached (cable or network)`;
    const overview = await hub.overview();
    expect(overview.printFailures).toEqual([expect.objectContaining({ ticketId: issued.ticket.id, displayNumber: 'A001', reason: 'unreachable', message })]);
    expect(overview.printers).toEqual([expect.objectContaining({ deviceName: KIOSK, status: 'unreachable', message })]);

    // The printer is switched on, on the address the hub knows.
    const printer = await virtualPrinter('ready', port);
    const again = await reprint(hub, issued.ticket.id);
    expect(again.outcome, said(again.outcome)).toMatchObject({ type: 'print.printed', payload: { ticketId: issued.ticket.id } });
    await printer.waitForJobs(1);
    expect(printedWith(printer, 'A001')).toHaveLength(1);
    await printerStatus(hub, 'ready', failed.seq);
    expect((await hub.overview()).printFailures).toEqual([]);
  });

  it('printer gone mid-job: the half-sent ticket is not counted as printed, the supervisor sees it, and after the printer is back a reprint prints it', async () => {
    const printer = await virtualPrinter('ready');
    const proxy = await PrinterProxy.start(printer.port, 'forward');
    const hub = await hubWith(proxy.port);

    // The printer has been printing fine.
    const earlier = await issueAt(hub, KIOSK, { serviceCode: 'JKK' });
    const fine = await hub.events.printOutcome(earlier.printJobId!);
    expect(fine.type, said(fine)).toBe('print.printed');
    await printerStatus(hub, 'ready');

    // Then it goes away while the next ticket is on its way to it.
    proxy.mode = 'vanish';
    const issued = await issueAt(hub, KIOSK, { serviceCode: 'JKK' });
    expect(issued.ticket).toMatchObject({ displayNumber: 'B002', status: 'waiting' });
    const failed = await hub.events.printOutcome(issued.printJobId!);
    expect(proxy.cutOff, 'the job was on its way when the printer went').toBeGreaterThan(0);
    expect(failed, said(failed)).toMatchObject({ type: 'print.failed', payload: { ticketId: issued.ticket.id, displayNumber: 'B002', reason: 'unreachable' } });
    await expectWaiting(hub, issued.ticket);
    // What reached the paper is a ticket without its end: no cut.
    expect(printedWith(printer, 'B002')).toEqual([]);

    const overview = await hub.overview();
    expect(overview.printFailures).toEqual([
      expect.objectContaining({ ticketId: issued.ticket.id, reason: 'unreachable', message: `Printer ${KIOSK}: cannot be reached (cable or network)` }),
    ]);
    // The printer is gone: the supervisor must not go on reading "ready" for it.
    await printerStatus(hub, 'unreachable', fine.seq);
    expect((await hub.overview()).printers).toEqual([expect.objectContaining({ deviceName: KIOSK, status: 'unreachable' })]);

    await proxy.restart();
    const again = await reprint(hub, issued.ticket.id);
    expect(again.outcome, said(again.outcome)).toMatchObject({ type: 'print.printed', payload: { ticketId: issued.ticket.id } });
    await printer.waitForJobs(3);
    expect(printedWith(printer, 'B002')).toHaveLength(1);
    expect(printedWith(printer, 'B001')).toHaveLength(1);
    expect((await hub.overview()).printFailures).toEqual([]);
  });

  it('printer drops the connection mid-job but answers again: the job fails, a reprint prints it over a new connection', async () => {
    const printer = await virtualPrinter('ready');
    const proxy = await PrinterProxy.start(printer.port, 'drop');
    const hub = await hubWith(proxy.port);

    const issued = await issueAt(hub, KIOSK, { serviceCode: 'JHT' });
    const failed = await hub.events.printOutcome(issued.printJobId!);
    expect(proxy.cutOff).toBeGreaterThan(0);
    expect(failed, said(failed)).toMatchObject({ type: 'print.failed', payload: { ticketId: issued.ticket.id } });
    // Whatever the words, they name a reason a person can act on.
    const overview = await hub.overview();
    const failure = overview.printFailures.find((f) => f.ticketId === issued.ticket.id)!;
    expect(failure.message).toMatch(new RegExp(`^Printer ${KIOSK}: (cannot be reached|not answering|printing was interrupted)`));
    await expectWaiting(hub, issued.ticket);
    expect(printedWith(printer, 'A001')).toEqual([]);

    const again = await reprint(hub, issued.ticket.id);
    expect(again.outcome, said(again.outcome)).toMatchObject({ type: 'print.printed', payload: { ticketId: issued.ticket.id } });
    await printer.waitForJobs(2);
    expect(printedWith(printer, 'A001')).toHaveLength(1);
  });

  it('paper near its end: prints, and warns the supervisor', async () => {
    const printer = await virtualPrinter('paper_near_end');
    const hub = await hubWith(printer.port);

    const issued = await issueAt(hub, KIOSK, { serviceCode: 'JHT' });
    const outcome = await hub.events.printOutcome(issued.printJobId!);
    expect(outcome, said(outcome)).toMatchObject({ type: 'print.printed', payload: { ticketId: issued.ticket.id, warning: 'paper_near_end' } });
    await printer.waitForJobs(1);
    expect(printedWith(printer, 'A001')).toHaveLength(1);

    await printerStatus(hub, 'paper_near_end');
    const overview = await hub.overview();
    expect(overview.printFailures).toEqual([]);
    expect(overview.printers).toEqual([
      expect.objectContaining({ deviceName: KIOSK, status: 'paper_near_end', message: `Printer ${KIOSK}: paper nearly out, replace the roll soon` }),
    ]);
  });
});

describe('print jobs across restarts', () => {
  it('a queued job survives a hub restart and prints once a printer is there, exactly once', async () => {
    // The kiosk's printer is not known to the hub yet: its job waits.
    const hub = await hubWith(null);
    const issued = await issueAt(hub, KIOSK, { serviceCode: 'JHT' });
    const queued = await hub.api('GET', '/print-jobs', { token: hub.kiosk(KIOSK) });
    expect(queued.body.jobs).toEqual([expect.objectContaining({ job: expect.objectContaining({ id: issued.printJobId, state: 'queued' }) })]);

    await hub.restart({ printers: [] });
    const still = await hub.api('GET', '/print-jobs', { token: hub.kiosk(KIOSK) });
    expect(still.body.jobs).toEqual([expect.objectContaining({ job: expect.objectContaining({ id: issued.printJobId, state: 'queued', ticketId: issued.ticket.id }) })]);
    expect(still.body.jobs[0].ticket).toMatchObject({ displayNumber: 'A001' });
    await expectWaiting(hub, issued.ticket);

    // Now the hub runs the kiosk's printer: the job prints.
    const printer = await virtualPrinter('ready');
    await hub.restart({ printers: [printerAt(printer.port)] });
    const outcome = await hub.events.printOutcome(issued.printJobId!);
    expect(outcome, said(outcome)).toMatchObject({ type: 'print.printed', payload: { ticketId: issued.ticket.id, warning: null } });
    await printer.waitForJobs(1);
    // A later ticket prints after it; the first one was printed once.
    const second = await issueAt(hub, KIOSK, { serviceCode: 'JHT' });
    expect(said(await hub.events.printOutcome(second.printJobId!))).toMatch(/^print\.printed /);
    await printer.waitForJobs(2);
    expect(printedWith(printer, 'A001')).toHaveLength(1);
    expect(printedWith(printer, 'A002')).toHaveLength(1);
    expect(hub.events.ofType('print.printed').filter((e) => e.payload.jobId === issued.printJobId)).toHaveLength(1);
    expect((await hub.api('GET', '/print-jobs', { token: hub.kiosk(KIOSK) })).body.jobs).toEqual([]);
  });

  it('a job the hub left printing is failed (interrupted) at the next start, never printed twice, and reprints on request', async () => {
    const hub = await hubWith(null);
    const issued = await issueAt(hub, KIOSK, { serviceCode: 'JHT' });
    // The printer had taken it when the hub stopped: whether it came out is unknown.
    const started = await hub.api('POST', `/print-jobs/${issued.printJobId}/start`, { token: hub.kiosk(KIOSK), body: {} });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body.job.state).toBe('printing');

    const printer = await virtualPrinter('ready');
    await hub.restart({ printers: [printerAt(printer.port)] });
    const failed = await hub.events.printOutcome(issued.printJobId!);
    expect(failed, said(failed)).toMatchObject({ type: 'print.failed', payload: { ticketId: issued.ticket.id, reason: 'interrupted' } });

    // The next ticket prints; the interrupted one was not printed again on its own.
    const next = await issueAt(hub, KIOSK, { serviceCode: 'JHT' });
    expect(said(await hub.events.printOutcome(next.printJobId!))).toMatch(/^print\.printed /);
    await printer.waitForJobs(1);
    expect(printedWith(printer, 'A002')).toHaveLength(1);
    expect(printedWith(printer, 'A001')).toEqual([]);

    const overview = await hub.overview();
    expect(overview.printFailures).toEqual([
      expect.objectContaining({ ticketId: issued.ticket.id, displayNumber: 'A001', reason: 'interrupted', message: `Printer ${KIOSK}: printing was interrupted` }),
    ]);
    await expectWaiting(hub, issued.ticket);

    const again = await reprint(hub, issued.ticket.id);
    expect(again.outcome.type, said(again.outcome)).toBe('print.printed');
    await printer.waitForJobs(2);
    expect(printedWith(printer, 'A001')).toHaveLength(1);
    expect((await hub.overview()).printFailures).toEqual([]);
  });
});

describe("faults on a kiosk's own printer, run by its device agent over HTTP", () => {
  type KioskProfile = Extract<Profile, { role: 'kiosk' }>;

  async function startAgent(hub: PrintingHub, printerPort: number) {
    const baseDir = join(outDir, 'agent');
    const pairing = filePairingState(join(baseDir, 'state'));
    pairing.save(hub.kiosk(KIOSK));
    const profile = profileSchema.parse({
      role: 'kiosk',
      name: KIOSK,
      hubUrl: hub.url,
      printer: { address: `tcp://127.0.0.1:${printerPort}`, paper: '80mm' },
      stateDir: 'state',
    }) as KioskProfile;
    const log: string[] = [];
    const agent = await runDeviceAgent(profile, baseDir, pairing, (line) => log.push(line));
    agents.push(agent);
    return { agent, log };
  }

  it('paper out: the agent reports it, the supervisor sees it in words, and a reprint prints once the paper is in', async () => {
    const printer = await virtualPrinter('paper_out');
    const hub = await hubWith(null);
    await startAgent(hub, printer.port);
    await printerStatus(hub, 'paper_out');

    const issued = await issueAt(hub, KIOSK, { serviceCode: 'INFO' });
    expect(issued.ticket).toMatchObject({ displayNumber: 'E001', status: 'waiting' });
    const failed = await hub.events.printOutcome(issued.printJobId!);
    expect(failed, said(failed)).toMatchObject({ type: 'print.failed', payload: { reason: 'paper_out' } });
    await expectWaiting(hub, issued.ticket);
    const overview = await hub.overview();
    expect(overview.printFailures).toEqual([expect.objectContaining({ ticketId: issued.ticket.id, message: `Printer ${KIOSK}: paper out` })]);
    expect(overview.printers).toEqual([expect.objectContaining({ deviceName: KIOSK, status: 'paper_out', message: `Printer ${KIOSK}: paper out` })]);

    printer.setCondition('ready');
    const again = await reprint(hub, issued.ticket.id);
    expect(again.outcome, said(again.outcome)).toMatchObject({ type: 'print.printed', payload: { ticketId: issued.ticket.id } });
    await printer.waitForJobs(1);
    expect(printedWith(printer, 'E001')).toHaveLength(1);
    expect((await hub.overview()).printFailures).toEqual([]);
  });

  it('a job the agent left printing is failed (interrupted) when it starts again, and is printed only on a reprint', async () => {
    const printer = await virtualPrinter('ready');
    const hub = await hubWith(null);
    const issued = await issueAt(hub, KIOSK, { serviceCode: 'JHT' });
    // An earlier run of the agent had started this job when it stopped.
    expect((await hub.api('POST', `/print-jobs/${issued.printJobId}/start`, { token: hub.kiosk(KIOSK), body: {} })).status).toBe(200);

    await startAgent(hub, printer.port);
    const failed = await hub.events.printOutcome(issued.printJobId!);
    expect(failed, said(failed)).toMatchObject({ type: 'print.failed', payload: { reason: 'interrupted' } });

    const next = await issueAt(hub, KIOSK, { serviceCode: 'JHT' });
    expect(said(await hub.events.printOutcome(next.printJobId!))).toMatch(/^print\.printed /);
    await printer.waitForJobs(1);
    expect(printedWith(printer, 'A001')).toEqual([]);
    expect(printedWith(printer, 'A002')).toHaveLength(1);
    expect((await hub.overview()).printFailures).toEqual([expect.objectContaining({ ticketId: issued.ticket.id, reason: 'interrupted' })]);

    const again = await reprint(hub, issued.ticket.id);
    expect(again.outcome.type, said(again.outcome)).toBe('print.printed');
    await printer.waitForJobs(2);
    expect(printedWith(printer, 'A001')).toHaveLength(1);
  });
});
