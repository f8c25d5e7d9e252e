import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TextLine } from '../../tools/virtual-printer/ticket-document.js';
import { layoutTicket } from '../../tools/virtual-printer/ticket-png.js';
import { startVirtualPrinter, type PrinterCondition, type VirtualPrinter, type VirtualPrinterJob } from '../../tools/virtual-printer/virtual-printer.js';
import { DLE_EOT, GS_R, RawPrinterClient, framedPicture } from './fixtures/vp-tcp-client.js';

/** The virtual printer over a real TCP socket, fed by the real encoder. */

let outDir: string;
let printer: VirtualPrinter | null = null;
const clients: RawPrinterClient[] = [];

beforeEach(() => {
  outDir = mkdtempSync(join(tmpdir(), 'antre-vp-'));
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await printer?.close();
  printer = null;
  rmSync(outDir, { recursive: true, force: true });
});

async function start(profile?: { columns: 48 | 32; dotsPerLine: 576 | 384 }): Promise<VirtualPrinter> {
  printer = await startVirtualPrinter({ host: '127.0.0.1', port: 0, outDir, ...(profile ? { profile } : {}) });
  return printer;
}

async function client(p: VirtualPrinter): Promise<RawPrinterClient> {
  const c = await RawPrinterClient.open(p.port);
  clients.push(c);
  return c;
}

function ticketBytes(columns: 48 | 32): Uint8Array {
  return new ReceiptPrinterEncoder({ language: 'esc-pos', printerModel: 'epson-tm-t88vi', columns })
    .initialize()
    .codepage('auto')
    .align('center')
    .image(framedPicture(64, 40), { width: 64, height: 40, mode: 'raster' })
    .line('Kantor Cabang Salemba')
    .size(2, 2)
    .bold(true)
    .text('A023')
    .newline()
    .size(1, 1)
    .bold(false)
    .line('Klaim JHT')
    .line('Antrean di depan Anda: 7 orang')
    .line('Perkiraan tunggu: ± 25 menit')
    .line('Café gratis untuk peserta')
    .qrcode('http://hub/t/abc')
    .barcode('A023', 'code128', 50)
    .line('LAYANAN INI GRATIS')
    .cut()
    .encode();
}

function readPng(path: string): PNG {
  return PNG.sync.read(readFileSync(path));
}

/** Black pixels in a band of rows of a grayscale or RGBA PNG. */
function inkInRows(png: PNG, top: number, height: number): number {
  let ink = 0;
  for (let y = top; y < top + height; y++) {
    for (let x = 0; x < png.width; x++) if (png.data[(y * png.width + x) * 4]! < 128) ink++;
  }
  return ink;
}

describe('virtual printer over TCP', () => {
  it('prints a ticket from the real encoder: text, QR, barcode, image, PNG and text file', async () => {
    const p = await start();
    const c = await client(p);
    await c.write(ticketBytes(48));
    const [job] = (await p.waitForJobs(1)) as [VirtualPrinterJob];

    expect(job.status).toBe('printed');
    expect(job.seq).toBe(1);
    expect(job.lines.map((l) => l.trim())).toEqual(expect.arrayContaining(['Kantor Cabang Salemba', 'A023', 'Klaim JHT', 'Antrean di depan Anda: 7 orang', 'Perkiraan tunggu: ± 25 menit', 'Café gratis untuk peserta', 'LAYANAN INI GRATIS']));
    expect(job.qrCodes).toEqual([{ payload: 'http://hub/t/abc', model: 2, moduleSize: 6, errorCorrection: 'M', align: 'center', printed: true }]);
    expect(job.barcodes).toEqual([{ symbology: 'CODE128', payload: 'A023', align: 'center', printed: true }]);
    expect(job.warnings).toEqual([]);
    expect(job.images).toEqual([{ width: 64, height: 40, command: 'GS v 0', align: 'center' }]);
    expect(job.text).toContain('[QR] http://hub/t/abc\n');
    expect(job.text).toContain('[BARCODE CODE128] A023\n');
    expect(job.text).toContain('[IMAGE 64x40]\n');
    expect(job.text.trimEnd().endsWith('[CUT]')).toBe(true);

    const number = job.document!.items.find((i): i is TextLine => i.kind === 'line' && i.text.trim() === 'A023')!;
    expect(number.segments.at(-1)).toMatchObject({ kind: 'text', text: 'A023', style: { width: 2, height: 2, bold: true } });

    expect(job.txtPath).toBe(join(outDir, 'job-0001.txt'));
    expect(readFileSync(job.txtPath!, 'utf8')).toBe(job.text);
    expect(job.pngPath).toBe(join(outDir, 'job-0001.png'));
    const png = readPng(job.pngPath!);
    expect(png.width).toBe(576);
    // The number is printed where the layout puts it, and a blank feed line stays white.
    const layout = layoutTicket(job.document!, p.profile);
    expect(png.height).toBe(layout.height);
    const at = layout.items.find((placed) => placed.item === number)!;
    expect(inkInRows(png, at.top, at.height)).toBeGreaterThan(500);
    expect(inkInRows(png, 0, 16)).toBe(0);
  });

  it('prints a 58 mm ticket 384 dots wide', async () => {
    const p = await start({ columns: 32, dotsPerLine: 384 });
    const c = await client(p);
    await c.write(ticketBytes(32));
    const [job] = (await p.waitForJobs(1)) as [VirtualPrinterJob];
    expect(job.status).toBe('printed');
    expect(job.lines.map((l) => l.trim())).toContain('Perkiraan tunggu: ± 25 menit');
    expect(readPng(job.pngPath!).width).toBe(384);
  });

  it('takes a job that arrives a few bytes at a time, and several jobs on one connection', async () => {
    const p = await start();
    const c = await client(p);
    await c.writeInPieces(ticketBytes(48), 7);
    await c.write(ticketBytes(48));
    const jobs = await p.waitForJobs(2);
    expect(jobs.map((j) => [j.seq, j.status, j.qrCodes[0]?.payload])).toEqual([
      [1, 'printed', 'http://hub/t/abc'],
      [2, 'printed', 'http://hub/t/abc'],
    ]);
    expect(existsSync(join(outDir, 'job-0002.png'))).toBe(true);
  });

  const expected: Record<PrinterCondition, { eot: [number, number, number, number]; gsr1: number }> = {
    ready: { eot: [0x12, 0x12, 0x12, 0x12], gsr1: 0x00 },
    paper_near_end: { eot: [0x12, 0x12, 0x12, 0x1e], gsr1: 0x03 },
    offline: { eot: [0x1a, 0x12, 0x12, 0x12], gsr1: 0x00 },
    cover_open: { eot: [0x1a, 0x16, 0x12, 0x12], gsr1: 0x00 },
    paper_out: { eot: [0x1a, 0x32, 0x12, 0x7e], gsr1: 0x0f },
    error: { eot: [0x1a, 0x52, 0x32, 0x12], gsr1: 0x00 },
  };

  it.each(Object.entries(expected) as [PrinterCondition, (typeof expected)[PrinterCondition]][])('answers DLE EOT 1..4 and GS r 1 when %s', async (condition, bytes) => {
    const p = await start();
    const c = await client(p);
    p.setCondition(condition);
    expect(await c.ask(DLE_EOT(1), 1)).toEqual([bytes.eot[0]]);
    expect(await c.ask(DLE_EOT(2), 1)).toEqual([bytes.eot[1]]);
    expect(await c.ask(DLE_EOT(3), 1)).toEqual([bytes.eot[2]]);
    expect(await c.ask(DLE_EOT(4), 1)).toEqual([bytes.eot[3]]);
    expect(await c.ask(GS_R(1), 1)).toEqual([bytes.gsr1]);
    // GS r 49 is the same request; several requests in one write are answered in order.
    expect(await c.ask([...DLE_EOT(4), 0x1d, 0x72, 0x31, ...DLE_EOT(1)], 3)).toEqual([bytes.eot[3], bytes.gsr1, bytes.eot[0]]);
  });

  it('confirms a printed job with GS r 1 sent right after it', async () => {
    const p = await start();
    const c = await client(p);
    const reply = await c.ask([...DLE_EOT(1), ...DLE_EOT(2), ...DLE_EOT(4), ...ticketBytes(48), ...GS_R(1)], 4);
    expect(reply).toEqual([0x12, 0x12, 0x12, 0x00]);
    expect((await p.waitForJobs(1))[0]!.status).toBe('printed');
  });

  it('discards a job sent while the paper is out and reports the paper end', async () => {
    const p = await start();
    const c = await client(p);
    p.setCondition('paper_out');
    expect(await c.ask(DLE_EOT(4), 1)).toEqual([0x7e]);
    await c.write(ticketBytes(48));
    expect(await c.ask(DLE_EOT(2), 1)).toEqual([0x32]);
    const [discarded] = (await p.waitForJobs(1)) as [VirtualPrinterJob];
    expect(discarded).toMatchObject({ status: 'discarded', discardedBecause: 'paper_out', text: '', pngPath: null, txtPath: null });
    expect(discarded.bytes).toBeGreaterThan(100);
    expect(existsSync(join(outDir, 'job-0001.png'))).toBe(false);

    // New paper: the next job prints.
    p.setCondition('ready');
    expect(await c.ask(DLE_EOT(4), 1)).toEqual([0x12]);
    await c.write(ticketBytes(48));
    const jobs = await p.waitForJobs(2);
    expect(jobs[1]).toMatchObject({ seq: 2, status: 'printed' });
  });

  it.each(['offline', 'cover_open', 'error'] as const)('does not print while %s', async (condition) => {
    const p = await start();
    const c = await client(p);
    p.setCondition(condition);
    await c.write(ticketBytes(48));
    const [job] = (await p.waitForJobs(1)) as [VirtualPrinterJob];
    expect(job).toMatchObject({ status: 'discarded', discardedBecause: condition });
  });

  it('prints while the paper is near its end, and says so', async () => {
    const p = await start();
    const c = await client(p);
    p.setCondition('paper_near_end');
    await c.write(ticketBytes(48));
    expect((await p.waitForJobs(1))[0]!.status).toBe('printed');
    expect(await c.ask(GS_R(1), 1)).toEqual([0x03]);
  });

  it('fails a job at an unknown command, naming the offset, answers error status, and keeps running', async () => {
    const p = await start();
    const c = await client(p);
    const head = new ReceiptPrinterEncoder({ language: 'esc-pos', printerModel: 'epson-tm-t88vi', columns: 48 }).initialize().line('Klaim JKK').encode();
    await c.write([...head, 0x1d, 0x99, 0x05, ...ticketBytes(48)]);
    expect(await c.ask(DLE_EOT(2), 1)).toEqual([0x52]);
    expect(await c.ask(DLE_EOT(1), 1)).toEqual([0x1a]);
    expect(p.condition).toBe('error');

    const [failed, afterwards] = (await p.waitForJobs(2)) as [VirtualPrinterJob, VirtualPrinterJob];
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ offset: head.length, message: 'unknown command GS 0x99 (bytes 1d 99)' });
    expect(failed.error!.bytes.startsWith('1d 99 05 1b 40')).toBe(true);
    expect(failed.lines).toContain('Klaim JKK');
    expect(readFileSync(failed.txtPath!, 'utf8')).toContain(`[ERROR at byte ${head.length}] unknown command GS 0x99`);
    expect(readPng(failed.pngPath!).width).toBe(576);
    // The ticket that followed came while the printer was in error: not printed.
    expect(afterwards).toMatchObject({ status: 'discarded', discardedBecause: 'error' });

    // An operator clears the fault; a new connection prints again.
    p.setCondition('ready');
    const again = await client(p);
    expect(await again.ask(DLE_EOT(2), 1)).toEqual([0x12]);
    await again.write(ticketBytes(48));
    expect((await p.waitForJobs(3))[2]!.status).toBe('printed');
  });

  it('prints what it has when the client goes away mid-job', async () => {
    const p = await start();
    const c = await client(p);
    const bytes = ticketBytes(48);
    const cutAt = bytes.indexOf(0x1d, bytes.length - 40); // before the barcode's GS k and the cut
    await c.write(bytes.subarray(0, cutAt));
    await c.close();
    const [job] = (await p.waitForJobs(1)) as [VirtualPrinterJob];
    expect(job.status).toBe('printed');
    expect(job.document!.ending).toBe('end-of-stream');
    expect(job.qrCodes[0]!.payload).toBe('http://hub/t/abc');
    expect(job.text).not.toContain('[CUT]');
  });

  it('numbers jobs after the files already in the folder', async () => {
    let p = await start();
    await (await client(p)).write(ticketBytes(48));
    await p.waitForJobs(1);
    await p.close();
    p = await start();
    await (await client(p)).write(ticketBytes(48));
    const [job] = (await p.waitForJobs(1)) as [VirtualPrinterJob];
    expect(job.seq).toBe(2);
    expect(job.pngPath).toBe(join(outDir, 'job-0002.png'));
  });

  it('calls onJob for every job', async () => {
    const seen: number[] = [];
    printer = await startVirtualPrinter({ port: 0, outDir, onJob: (job) => seen.push(job.seq) });
    const c = await client(printer);
    await c.write([...ticketBytes(48), ...ticketBytes(48)]);
    await printer.waitForJobs(2);
    expect(seen).toEqual([1, 2]);
  });

  it('rejects a condition it does not know', async () => {
    const p = await start();
    expect(() => p.setCondition('jammed' as PrinterCondition)).toThrow(/'jammed' is not one of ready, offline/);
  });
});
