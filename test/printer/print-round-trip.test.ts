/**
 * Tickets through a real virtual printer over TCP: first the printing call on its own
 * (printWithConfirmation over the TCP transport), then the whole path a participant's tap takes:
 * kiosk POST /tickets → hub → the hub's network printer → paper → the job marked printed.
 *
 * The whole-path test copies the rendered tickets to test-artifacts/tickets/ for people to look at.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPrintRunner, type JobSource } from '../../main/printer/print-runner.js';
import { printWithConfirmation, readPrinterState } from '../../main/printer/print-ticket.js';
import { DEFAULT_PROFILE, encodeTicket, type TicketToPrint } from '../../main/printer/ticket-layout.js';
import type { PrinterTransport } from '../../main/printer/transport.js';
import { openTransport } from '../../main/printer/transports.js';
import { PROFILE_58MM } from '../../tools/virtual-printer/ticket-document.js';
import { startVirtualPrinter, type PrinterCondition, type VirtualPrinter } from '../../tools/virtual-printer/virtual-printer.js';
import type { PrintJobMessage } from '../../main/wire/schemas.js';
import { issueAt, startPrintingHub, type PrintingHub } from './fixtures/printing-hub.js';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'tickets');
const NIK = '3171012345678901';

let outDir: string;
const printers: VirtualPrinter[] = [];
const transports: PrinterTransport[] = [];
let h: PrintingHub | null = null;

beforeEach(() => {
  outDir = mkdtempSync(join(tmpdir(), 'antre-print-rt-'));
});

afterEach(async () => {
  await h?.close();
  h = null;
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await Promise.all(printers.splice(0).map((p) => p.close()));
  rmSync(outDir, { recursive: true, force: true });
});

async function virtualPrinter(paper: '80mm' | '58mm' = '80mm', name: string = paper): Promise<VirtualPrinter> {
  const p = await startVirtualPrinter({ port: 0, outDir: join(outDir, name), ...(paper === '58mm' ? { profile: PROFILE_58MM } : {}) });
  printers.push(p);
  return p;
}

function transportTo(p: VirtualPrinter): PrinterTransport {
  const t = openTransport(`tcp://127.0.0.1:${p.port}`);
  transports.push(t);
  return t;
}

const ticket: TicketToPrint = {
  branchName: 'Kantor Cabang Jakarta Salemba',
  timeZone: 'Asia/Jakarta',
  displayNumber: 'A042',
  serviceLabelId: 'Klaim JHT',
  serviceLabelEn: 'Old-age savings claim',
  source: 'walk_in',
  priority: 'none',
  issuedAt: Date.parse('2025-03-10T09:05:00+07:00'),
  peopleAhead: 4,
  waitSeconds: 20 * 60,
  statusUrl: 'http://192.168.1.10:8080/t/k7m2p9q4x8r3t6w2',
  nikMasked: `************${NIK.slice(-4)}`,
  claimCount: null,
  trackingCode: null,
};

describe('printWithConfirmation over TCP to the virtual printer', () => {
  it('asks the status, prints, confirms with GS r, and the paper carries the number, the service, the masked ID and the status URL', async () => {
    const p = await virtualPrinter();
    const t = transportTo(p);
    const outcome = await printWithConfirmation(t, encodeTicket(ticket));
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ printed: true, warning: null });

    const [job] = await p.waitForJobs(1);
    expect(job!.status).toBe('printed');
    expect(job!.error).toBeNull();
    expect(job!.warnings).toEqual([]);
    expect(job!.text).toContain('A042');
    expect(job!.text).toContain('Klaim JHT');
    expect(job!.text).toContain('Old-age savings claim');
    expect(job!.text).toContain('NIK: ************8901');
    expect(job!.text).not.toContain(NIK);
    expect(job!.text).toContain('LAYANAN INI GRATIS');
    expect(job!.text).toContain('[CUT]');
    expect(job!.qrCodes).toEqual([expect.objectContaining({ payload: ticket.statusUrl, printed: true })]);
    // The number is the biggest thing on the paper.
    const number = job!.document!.items.flatMap((i) => (i.kind === 'line' ? i.segments : [])).find((s) => s.kind === 'text' && s.text.trim() === 'A042');
    expect(number).toMatchObject({ style: { width: 8, height: 8 } });
    // The PNG is there and is a long 80 mm strip.
    const png = PNG.sync.read(readFileSync(job!.pngPath!));
    expect(png.width).toBeGreaterThanOrEqual(576);
    expect(png.height).toBeGreaterThan(png.width);
  });

  it('prints a 58 mm ticket on a 58 mm printer with nothing left out', async () => {
    const p = await virtualPrinter('58mm');
    const t = transportTo(p);
    const dropBox: TicketToPrint = { ...ticket, displayNumber: 'F003', serviceLabelId: 'Drop Box Dokumen', serviceLabelEn: 'Document drop box', source: 'drop_box', peopleAhead: null, waitSeconds: null, trackingCode: '20250310-F003', nikMasked: null };
    const outcome = await printWithConfirmation(t, encodeTicket(dropBox, { model: 'epson-tm-t88vi', paper: '58mm' }));
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ printed: true, warning: null });
    const [job] = await p.waitForJobs(1);
    expect(job!.status).toBe('printed');
    expect(job!.warnings).toEqual([]);
    expect(job!.barcodes).toEqual([expect.objectContaining({ symbology: 'CODE128', payload: '20250310-F003', printed: true })]);
    expect(job!.qrCodes).toEqual([expect.objectContaining({ payload: ticket.statusUrl, printed: true })]);
    expect(job!.text).toContain('TANDA TERIMA DROP BOX');
  });

  it('keeps one connection for ticket after ticket', async () => {
    const p = await virtualPrinter();
    const t = transportTo(p);
    for (const n of ['A001', 'A002', 'A003']) {
      const outcome = await printWithConfirmation(t, encodeTicket({ ...ticket, displayNumber: n }));
      expect(outcome, `${n}: ${JSON.stringify(outcome)}`).toMatchObject({ printed: true, warning: null });
    }
    const jobs = await p.waitForJobs(3);
    expect(jobs.map((j) => j.text.match(/A00\d/)?.[0])).toEqual(['A001', 'A002', 'A003']);
    expect(new Set(jobs.map((j) => j.client)).size).toBe(1);
  });

  it('reads the printer state the virtual printer is in', async () => {
    const p = await virtualPrinter();
    const t = transportTo(p);
    const expected = {
      ready: { offline: false, coverOpen: false, paperOut: false, paperNearEnd: false, error: false },
      paper_near_end: { offline: false, coverOpen: false, paperOut: false, paperNearEnd: true, error: false },
      offline: { offline: true, coverOpen: false, paperOut: false, paperNearEnd: false, error: false },
      cover_open: { offline: true, coverOpen: true, paperOut: false, paperNearEnd: false, error: false },
      paper_out: { offline: true, coverOpen: false, paperOut: true, error: false },
      error: { offline: true, coverOpen: false, paperOut: false, paperNearEnd: false, error: true },
    } as const;
    for (const [condition, state] of Object.entries(expected)) {
      p.setCondition(condition as keyof typeof expected);
      expect(await readPrinterState(t), condition).toMatchObject(state);
    }
    // Asking prints nothing.
    expect(p.jobs).toEqual([]);
  });
});

/** A job source in memory: what the runner took, how it said each job went, and what it said of the printer. */
function memorySource(jobs: PrintJobMessage[]) {
  let open = [...jobs];
  const finished: { jobId: string; result: Parameters<JobSource['finish']>[1] }[] = [];
  const statuses: string[] = [];
  const source: JobSource = {
    openJobs: async () => open.slice(),
    start: async (jobId) => {
      open = open.filter((j) => j.job.id !== jobId);
    },
    finish: async (jobId, result) => void finished.push({ jobId, result }),
    reportStatus: async (status) => void statuses.push(status),
    recoverInterrupted: async () => undefined,
  };
  return { source, finished, statuses };
}

const jobMessage = (id: string, displayNumber: string): PrintJobMessage => ({
  job: { id, ticketId: `ticket-${id}`, state: 'queued', reprint: false },
  ticket: { ...ticket, displayNumber },
});

describe('the print runner', () => {
  // The hub starts a printer's runner when its kiosk's first job arrives and kicks it at once
  // (hub-printers.ts: `void runner.start()` then `runner.kick()`); start() checks the printer's
  // status while that first print is under way, on the same connection.
  it.each([
    ['ready', { printed: true, warning: null }],
    ['cover_open', { printed: false, reason: 'cover_open' }],
    ['paper_out', { printed: false, reason: 'paper_out' }],
  ] as const)('a job waiting when the runner starts, printer %s: one outcome, the right one, and the right condition', async (condition, expected) => {
    const p = await virtualPrinter();
    p.setCondition(condition as PrinterCondition);
    const { source, finished, statuses } = memorySource([jobMessage('job-1', 'A007')]);
    const runner = createPrintRunner({ source, transport: transportTo(p), profile: DEFAULT_PROFILE, statusEveryMs: 3_600_000 });
    const starting = runner.start();
    const kicked = runner.kick();
    await Promise.all([starting, kicked]);
    await runner.kick();
    await runner.stop();

    expect(finished).toEqual([{ jobId: 'job-1', result: expected }]);
    // Every report says what the printer really is in.
    expect(new Set(statuses)).toEqual(new Set([condition]));
    if (condition === 'ready') await p.waitForJobs(1);
    expect(p.jobs.filter((j) => j.status === 'printed')).toHaveLength(condition === 'ready' ? 1 : 0);
  });

  it('prints waiting jobs one at a time in order, each confirmed', async () => {
    const p = await virtualPrinter();
    const { source, finished, statuses } = memorySource([jobMessage('job-1', 'A001'), jobMessage('job-2', 'A002'), jobMessage('job-3', 'A003')]);
    const runner = createPrintRunner({ source, transport: transportTo(p), profile: DEFAULT_PROFILE, statusEveryMs: 3_600_000 });
    await runner.start();
    await runner.stop();
    expect(finished).toEqual(['job-1', 'job-2', 'job-3'].map((jobId) => ({ jobId, result: { printed: true, warning: null } })));
    expect(new Set(statuses)).toEqual(new Set(['ready']));
    const jobs = await p.waitForJobs(3);
    expect(jobs.map((j) => j.text.match(/A00\d/)?.[0])).toEqual(['A001', 'A002', 'A003']);
  });
});

describe('the whole path: kiosk tap → hub → network printer → printed', () => {
  it('prints kiosk tickets on the 80 mm and the 58 mm printer the hub runs, marks them printed, and keeps the PNGs', async () => {
    const lobby = await virtualPrinter('80mm', 'lobby');
    const annex = await virtualPrinter('58mm', 'annex');
    h = await startPrintingHub({
      kiosks: ['Kiosk lobby', 'Kiosk annex'],
      printers: [
        { device: 'Kiosk lobby', address: `tcp://127.0.0.1:${lobby.port}`, paper: '80mm' },
        { device: 'Kiosk annex', address: `tcp://127.0.0.1:${annex.port}`, paper: '58mm' },
      ],
    });

    // A walk-in with an ID number at the lobby kiosk (80 mm); a collective claim and a drop-box
    // receipt at the annex kiosk (58 mm). The kiosk's answer is what its screen shows.
    const walkIn = await issueAt(h, 'Kiosk lobby', { serviceCode: 'JHT', nik: NIK });
    expect(walkIn.ticket).toMatchObject({ displayNumber: 'A001', status: 'waiting' });
    expect(walkIn.nikMasked).toBe('************8901');
    expect(walkIn.printJobId).toEqual(expect.any(String));
    const [job80] = await lobby.waitForJobs(1, 15_000);
    const collective = await issueAt(h, 'Kiosk annex', { serviceCode: 'KOLEKTIF', source: 'collective', claimCount: 12, nik: '3273019876543210' });
    await annex.waitForJobs(1, 15_000);
    const dropBox = await issueAt(h, 'Kiosk annex', { serviceCode: 'DROP', source: 'drop_box' });
    const [job58, jobDrop] = await annex.waitForJobs(2, 15_000);

    // For people to look at, whatever the assertions below say.
    mkdirSync(ARTIFACTS, { recursive: true });
    const keep = (from: string | null, name: string) => {
      expect(from, `${name} was rendered`).not.toBeNull();
      copyFileSync(from!, join(ARTIFACTS, name));
    };
    keep(job80!.pngPath, 'ticket-80mm-walk-in.png');
    keep(job80!.txtPath, 'ticket-80mm-walk-in.txt');
    keep(job58!.pngPath, 'ticket-58mm-collective.png');
    keep(job58!.txtPath, 'ticket-58mm-collective.txt');
    keep(jobDrop!.pngPath, 'ticket-58mm-drop-box.png');
    keep(jobDrop!.txtPath, 'ticket-58mm-drop-box.txt');
    const png80 = PNG.sync.read(readFileSync(join(ARTIFACTS, 'ticket-80mm-walk-in.png')));
    const png58 = PNG.sync.read(readFileSync(join(ARTIFACTS, 'ticket-58mm-collective.png')));
    expect(png58.width).toBeLessThan(png80.width);

    // What came out of the 80 mm printer.
    expect(job80!.status).toBe('printed');
    expect(job80!.warnings).toEqual([]);
    expect(job80!.text).toContain('A001');
    expect(job80!.text).toContain('Klaim JHT');
    expect(job80!.text).toContain('Kantor Cabang Salemba');
    expect(job80!.text).toContain('10 Maret 2025  09:00 WIB');
    expect(job80!.text).toContain('NIK: ************8901');
    expect(job80!.text).not.toContain(NIK);
    const statusUrl = `${h.url}/t/${walkIn.statusCode}`;
    expect(job80!.qrCodes).toEqual([expect.objectContaining({ payload: statusUrl, printed: true })]);
    // The QR leads to this ticket's public status.
    const status = await h.api('GET', `/tickets/status/${walkIn.statusCode}`);
    expect(status.status).toBe(200);
    expect(JSON.stringify(status.body)).toContain('A001');

    // What came out of the 58 mm printer.
    expect(job58!.status).toBe('printed');
    expect(job58!.warnings).toEqual([]);
    expect(job58!.text).toContain('G001');
    expect(job58!.text).toContain('Jumlah berkas klaim: 12');
    expect(job58!.text).toContain('NIK: ************3210');
    expect(job58!.text).not.toContain('3273019876543210');
    expect(job58!.qrCodes[0]!.payload).toBe(`${h.url}/t/${collective.statusCode}`);
    expect(job58!.text).toContain('- Surat perusahaan yang menunjuk');
    expect(jobDrop!.status).toBe('printed');
    expect(jobDrop!.text).toContain('TANDA TERIMA DROP BOX');
    expect(jobDrop!.text).toContain('Masukkan amplop ke Drop Box.');
    expect(jobDrop!.text).not.toContain('Bawa dokumen');
    expect(jobDrop!.barcodes).toEqual([expect.objectContaining({ payload: '20250310-F001', printed: true })]);
    expect(jobDrop!.warnings).toEqual([]);
    // Each kiosk's tickets went to its own printer only.
    expect(lobby.jobs).toHaveLength(1);

    // The hub confirmed each with its printer and marked it printed, once, with no warning.
    for (const [issued, kiosk] of [[walkIn, 'Kiosk lobby'], [collective, 'Kiosk annex'], [dropBox, 'Kiosk annex']] as const) {
      const outcome = await h.events.printOutcome(issued.printJobId!);
      expect(outcome, `print of ${issued.ticket.displayNumber}: ${outcome.type} ${JSON.stringify(outcome.payload)}`).toMatchObject({
        type: 'print.printed',
        payload: { ticketId: issued.ticket.id, deviceId: h.deviceId(kiosk), warning: null },
      });
    }
    expect(h.events.ofType('print.printed')).toHaveLength(3);

    // The supervisor sees two ready printers and no failures.
    const overview = await h.overview();
    expect(overview.printFailures).toEqual([]);
    expect(overview.printers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ deviceName: 'Kiosk lobby', status: 'ready', message: 'Printer Kiosk lobby: ready' }),
        expect.objectContaining({ deviceName: 'Kiosk annex', status: 'ready' }),
      ]),
    );
  });

  it("prints the service's documents, a late booking's note in the kiosk's words, and a reprint marked with both times", async () => {
    const lobby = await virtualPrinter('80mm', 'lobby');
    h = await startPrintingHub({ kiosks: ['Kiosk lobby'], printers: [{ device: 'Kiosk lobby', address: `tcp://127.0.0.1:${lobby.port}`, paper: '80mm' }] });

    // A booking for 08:30 checked in at 09:00, past its 15 minutes: served as a walk-in.
    const slotStart = Date.parse('2025-03-10T08:30:00+07:00');
    const imported = await h.api('POST', '/bookings', { token: h.supervisorToken, body: { bookings: [{ code: 'BK-0830', serviceCode: 'JP', slotStart, slotEnd: slotStart + 30 * 60_000 }] } });
    expect(imported.status).toBe(200);
    const checkIn = await h.api('POST', '/tickets/check-in', { token: h.kiosk('Kiosk lobby'), body: { bookingCode: 'BK-0830' } });
    expect(checkIn.status).toBe(201);
    expect(checkIn.body.lateBooking).toBe(true);
    const [booked] = await lobby.waitForJobs(1, 15_000);
    expect(booked!.text).toContain('Booking online / Online booking');
    expect(booked!.text).not.toContain('Pemesanan');
    expect(booked!.text.replace(/\s+/g, ' ')).toContain('Anda datang setelah jadwal booking, jadi dilayani sebagai antrean biasa.');
    // The pension claim's documents, as the catalogue lists them.
    expect(booked!.text).toContain('Bawa dokumen asli:');
    for (const document of ['KTP (kartu tanda penduduk)', 'Kartu peserta (KPJ)', 'Kartu keluarga (KK)', 'Buku tabungan', 'Formulir klaim']) expect(booked!.text).toContain(`- ${document}`);

    const walkIn = await issueAt(h, 'Kiosk lobby', { serviceCode: 'JHT' });
    const [, first] = await lobby.waitForJobs(2, 15_000);
    expect(first!.text).not.toMatch(/CETAK ULANG|REPRINT/);
    await h.events.printOutcome(walkIn.printJobId!);
    const reprint = await h.api('POST', `/tickets/${walkIn.ticket.id}/reprint`, { token: h.supervisorToken, body: {} });
    expect(reprint.status).toBe(201);
    const [, , copy] = await lobby.waitForJobs(3, 15_000);
    expect(copy!.text).toContain('A001');
    expect(copy!.text).toContain('CETAK ULANG / REPRINT');
    expect(copy!.text).toContain('Diambil / Issued: 09:00 WIB');
    expect(copy!.text).toMatch(/Dicetak \/ Printed: 09:0\d WIB/);

    mkdirSync(ARTIFACTS, { recursive: true });
    for (const [job, name] of [[booked!, 'ticket-80mm-late-booking'], [copy!, 'ticket-80mm-reprint']] as const) {
      copyFileSync(job.pngPath!, join(ARTIFACTS, `${name}.png`));
      copyFileSync(job.txtPath!, join(ARTIFACTS, `${name}.txt`));
    }
  });
});
