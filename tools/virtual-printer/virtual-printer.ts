import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { PRINTER_CONDITIONS, type PrinterCondition } from './printer-status.js';
import { PrinterSession, type SessionJob } from './printer-session.js';
import { PROFILE_80MM, type Alignment, type JobError, type PrinterProfile, type TicketDocument } from './ticket-document.js';
import { warmUpThermalFont } from './thermal-font.js';
import { renderTicketPng } from './ticket-png.js';
import { ticketTranscript } from './ticket-transcript.js';

/**
 * The virtual ESC/POS printer: a TCP endpoint (port 9100 on a branch) that takes the bytes a client
 * sends to an Epson TM-T88/TM-T82 class printer, answers its status requests, and prints every job
 * to `job-NNNN.png` and `job-NNNN.txt` in the output folder. Each connection has its own printer
 * modes; the condition (ready, paper out, ...) is the printer's and can be changed while it runs.
 *
 * An unknown command fails the job (recorded with the offset and the bytes) and puts the printer in
 * error until `setCondition` is called, as an operator clearing a fault would. See printer-status.ts
 * for the status bytes and printer-session.ts for what happens to jobs sent while it cannot print.
 */

export type { PrinterCondition, PrinterProfile };
export { PRINTER_CONDITIONS };

export interface VirtualPrinterOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Where job-NNNN.png and job-NNNN.txt go; created when missing. Numbering goes on after the files already there. */
  outDir: string;
  /** Default 80 mm: 48 columns, 576 dots. */
  profile?: PrinterProfile;
  /** Default 'ready'. */
  condition?: PrinterCondition;
  /** Called for every job once its files are written (or once it is discarded). */
  onJob?: (job: VirtualPrinterJob) => void;
}

export interface VirtualPrinterJob {
  /** 1, 2, 3 ... across restarts on the same folder: the number in the file names. */
  seq: number;
  /** printed: on paper; failed: stopped at an error, printed up to it; discarded: refused while the printer could not print. */
  status: 'printed' | 'failed' | 'discarded';
  /** For a discarded job: the condition the printer was in. */
  discardedBecause: PrinterCondition | null;
  /** The remote address and port of the connection it came on. */
  client: string;
  receivedAt: Date;
  /** Bytes the job took on the wire. */
  bytes: number;
  /** The transcript, as in the .txt file: decoded text plus [QR], [BARCODE], [IMAGE], [CUT] lines. Empty when discarded. */
  text: string;
  /** Just the printed text lines. */
  lines: string[];
  qrCodes: { payload: string; model: 1 | 2; moduleSize: number; errorCorrection: 'L' | 'M' | 'Q' | 'H'; align: Alignment; printed: boolean }[];
  barcodes: { symbology: string; payload: string; align: Alignment; printed: boolean }[];
  images: { width: number; height: number; command: 'GS v 0' | 'ESC *'; align: Alignment }[];
  error: JobError | null;
  /** What the printer left out without an error: a barcode or QR code wider than the paper. */
  warnings: string[];
  pngPath: string | null;
  txtPath: string | null;
  /** The full model of the printed paper, for assertions on sizes, styles and placement. */
  document: TicketDocument | null;
}

export interface VirtualPrinter {
  readonly host: string;
  readonly port: number;
  readonly profile: PrinterProfile;
  /**
   * The condition set, or 'error' after a failed job until the next setCondition (the status bytes
   * then carry the bits of both: an unknown command while the paper is out reports paper out and error).
   */
  readonly condition: PrinterCondition;
  setCondition(condition: PrinterCondition): void;
  /** Every job so far, oldest first, including failed and discarded ones. */
  readonly jobs: readonly VirtualPrinterJob[];
  /** Resolves once at least `count` jobs are recorded. */
  waitForJobs(count: number, timeoutMs?: number): Promise<VirtualPrinterJob[]>;
  /** Stops listening, drops open connections, and waits for the files of finished jobs. */
  close(): Promise<void>;
}

const JOB_FILE = /^job-(\d+)\.(png|txt)$/;

async function nextSequence(outDir: string): Promise<number> {
  const names = await readdir(outDir);
  return names.reduce((max, name) => Math.max(max, Number(JOB_FILE.exec(name)?.[1] ?? 0)), 0) + 1;
}

function summary(document: TicketDocument): Pick<VirtualPrinterJob, 'lines' | 'qrCodes' | 'barcodes' | 'images' | 'warnings'> {
  return {
    lines: document.lines,
    warnings: document.warnings,
    qrCodes: document.qrCodes.map((q) => ({ payload: q.payload, model: q.model, moduleSize: q.moduleSize, errorCorrection: q.errorCorrection, align: q.placement.align, printed: q.printed })),
    barcodes: document.barcodes.map((b) => ({ symbology: b.symbology, payload: b.payload, align: b.placement.align, printed: b.printed })),
    images: document.images.map((i) => ({ width: i.width, height: i.height, command: i.command, align: i.placement.align })),
  };
}

export async function startVirtualPrinter(options: VirtualPrinterOptions): Promise<VirtualPrinter> {
  const host = options.host ?? '127.0.0.1';
  const profile = options.profile ?? PROFILE_80MM;
  if (!(profile.columns === 48 && profile.dotsPerLine === 576) && !(profile.columns === 32 && profile.dotsPerLine === 384)) {
    throw new Error(`virtual printer profile: columns ${profile.columns} with ${profile.dotsPerLine} dots is not 80 mm (48, 576) or 58 mm (32, 384)`);
  }
  await mkdir(options.outDir, { recursive: true });
  let sequence = await nextSequence(options.outDir);
  warmUpThermalFont();

  let condition: PrinterCondition = checkCondition(options.condition ?? 'ready');
  let faulted = false;
  /** What the status bytes report: the condition, plus 'error' after a failed job. */
  const active = (): PrinterCondition[] => (faulted && condition !== 'error' ? [condition, 'error'] : [condition]);
  const jobs: VirtualPrinterJob[] = [];
  const waiters = new Set<() => void>();
  const sockets = new Set<Socket>();
  let writing: Promise<void> = Promise.resolve();

  function record(job: SessionJob, client: string): void {
    const seq = sequence++;
    const receivedAt = new Date();
    writing = writing.then(async () => {
      const entry = await finishJob(seq, job, client, receivedAt);
      jobs.push(entry);
      for (const wake of waiters) wake();
      try {
        options.onJob?.(entry);
      } catch (error) {
        console.error(`virtual printer: onJob failed for job ${seq}:`, error);
      }
    });
  }

  async function finishJob(seq: number, job: SessionJob, client: string, receivedAt: Date): Promise<VirtualPrinterJob> {
    if (job.status === 'discarded') {
      return {
        seq, status: 'discarded', discardedBecause: job.reason, client, receivedAt, bytes: job.bytes, text: '', lines: [], qrCodes: [], barcodes: [], images: [],
        error: null, warnings: [], pngPath: null, txtPath: null, document: null,
      };
    }
    const { document } = job;
    const base = join(options.outDir, `job-${String(seq).padStart(4, '0')}`);
    const text = ticketTranscript(document);
    const entry: VirtualPrinterJob = {
      seq, status: job.status, discardedBecause: null, client, receivedAt, bytes: document.endOffset - document.startOffset, text, ...summary(document),
      error: document.error, pngPath: null, txtPath: null, document,
    };
    try {
      await writeFile(`${base}.txt`, text);
      entry.txtPath = `${base}.txt`;
      await writeFile(`${base}.png`, renderTicketPng(document, profile));
      entry.pngPath = `${base}.png`;
    } catch (error) {
      entry.status = 'failed';
      entry.error ??= { offset: document.startOffset, bytes: '', message: `the virtual printer could not write the job: ${String(error)}` };
      console.error(`virtual printer: job ${seq}:`, error);
    }
    return entry;
  }

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const client = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    const session = new PrinterSession(profile);
    let ended = false;
    socket.on('data', (chunk: Buffer) => {
      const output = session.receive(chunk, active());
      if (output.faulted) faulted = true;
      if (output.replies.length > 0 && socket.writable) socket.write(Uint8Array.from(output.replies));
      for (const job of output.jobs) record(job, client);
    });
    socket.on('error', () => {
      // A client that vanishes mid-job is a normal event for a printer; 'close' follows.
    });
    socket.on('close', () => {
      sockets.delete(socket);
      if (ended) return;
      ended = true;
      const output = session.end(active());
      if (output.faulted) faulted = true;
      for (const job of output.jobs) record(job, client);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => console.error('virtual printer:', error));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  return {
    host,
    port,
    profile,
    get condition() {
      return faulted ? 'error' : condition;
    },
    setCondition(next: PrinterCondition) {
      condition = checkCondition(next);
      faulted = false;
    },
    get jobs() {
      return jobs;
    },
    waitForJobs(count: number, timeoutMs = 5000) {
      return new Promise<VirtualPrinterJob[]>((resolve, reject) => {
        const check = () => {
          if (jobs.length < count) return;
          cleanup();
          resolve(jobs.slice());
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`virtual printer: ${jobs.length} of ${count} jobs after ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      // Connections closing just now may have queued their last job.
      await new Promise((resolve) => setImmediate(resolve));
      await writing;
    },
  };
}

function checkCondition(condition: PrinterCondition): PrinterCondition {
  if (!PRINTER_CONDITIONS.includes(condition)) throw new Error(`virtual printer condition '${String(condition)}' is not one of ${PRINTER_CONDITIONS.join(', ')}`);
  return condition;
}
