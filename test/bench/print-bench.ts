import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { startHub } from '../../main/hub/start-hub.js';
import { encodeTicket } from '../../main/printer/ticket-layout.js';
import { sampleTicket } from '../../main/printer/sample-ticket.js';
import { repoLayout } from '../support/app-layout.js';

/**
 * Printing figures: laying out and encoding one ticket, and the time from a kiosk's tap (POST
 * /tickets) to the printer's confirmation (the job marked printed) on the virtual printer, next to
 * a raw TCP write of the same bytes to the same printer and its answer, measured in the same run.
 */

const ENCODES = 2000;
const TAPS = 40;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

/**
 * The floor: the same ticket bytes written straight to the same virtual printer over one TCP
 * connection, followed by GS r 1, until its one-byte answer: what the printer itself costs.
 */
async function rawPrint(port: number, bytes: Uint8Array, samples: number): Promise<number[]> {
  const socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise((r) => socket.once('connect', r));
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await new Promise<void>((resolve) => {
      socket.once('data', () => resolve());
      socket.write(bytes);
      socket.write(Uint8Array.of(0x1d, 0x72, 0x01));
    });
    times.push(performance.now() - started);
  }
  socket.destroy();
  return times;
}

export async function benchPrinting(): Promise<void> {
  const ticket = sampleTicket(Date.parse('2026-11-21T09:00:00+07:00'));
  let bytes = encodeTicket(ticket);
  const t0 = performance.now();
  for (let i = 0; i < ENCODES; i++) bytes = encodeTicket({ ...ticket, displayNumber: `A${String(i % 1000).padStart(3, '0')}` });
  const encodeUs = ((performance.now() - t0) / ENCODES) * 1000;

  const dir = mkdtempSync(join(tmpdir(), 'antre-print-bench-'));
  const printerProcess = fork(join(import.meta.dirname, 'virtual-printer-process.ts'), [join(dir, 'printed')], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const printer = await new Promise<{ port: number }>((resolve) => printerProcess.once('message', (m) => resolve(m as { port: number })));
  const hub = await startHub({ layout: repoLayout,
    hub: {
      branch: { id: 'bench', name: 'Bench', timeZone: 'Asia/Jakarta' },
      listen: { host: '127.0.0.1', port: 0 },
      dataDir: join(dir, 'data'),
      publicDisplay: false,
      printers: [{ name: 'Printer bench', address: `tcp://127.0.0.1:${printer.port}`, paper: '80mm', model: 'epson-tm-t88vi' }],
    },
    baseDir: dir,
    host: '127.0.0.1',
    port: 0,
  });
  const kiosk = hub.devices.preparePaired('Kiosk bench', 'kiosk', { printer: 'hub:Printer bench' }).token;
  const supervisor = hub.devices.preparePaired('Bench supervisor', 'supervisor').token;
  // A confirmation can arrive before the kiosk's HTTP answer is read: keep both sides.
  const printedAt = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  const ws = new WebSocket(`${hub.url.replace('http', 'ws')}/api/v1/stream`, { headers: { authorization: `Bearer ${supervisor}` } });
  await new Promise((r) => ws.once('open', r));
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; event?: { type: string; payload: { ticketId: string } }; events?: { type: string; payload: { ticketId: string } }[] };
    for (const event of message.events ?? (message.event ? [message.event] : [])) {
      if (event.type !== 'print.printed') continue;
      const at = performance.now();
      printedAt.set(event.payload.ticketId, at);
      waiting.get(event.payload.ticketId)?.(at);
    }
  });
  const taps: number[] = [];
  for (let i = 0; i < TAPS; i++) {
    const started = performance.now();
    const res = await fetch(`${hub.url}/api/v1/tickets`, { method: 'POST', headers: { authorization: `Bearer ${kiosk}`, 'content-type': 'application/json' }, body: JSON.stringify({ serviceCode: 'JHT' }) });
    const { ticket: issued } = (await res.json()) as { ticket: { id: string } };
    const at = printedAt.get(issued.id) ?? (await new Promise<number>((resolve) => waiting.set(issued.id, resolve)));
    taps.push(at - started);
  }
  ws.close();
  await hub.close();
  const raw = await rawPrint(printer.port, bytes, TAPS);
  const exited = new Promise((r) => printerProcess.once('exit', r));
  printerProcess.send('stop');
  await exited;

  console.log('Printing');
  console.log(`  lay out and encode one ticket: ${encodeUs.toFixed(0)} µs (${bytes.length} bytes)`);
  console.log(`  tap to printer confirmation on the virtual printer (${TAPS} tickets): p50 ${percentile(taps, 50).toFixed(1)} ms  p99 ${percentile(taps, 99).toFixed(1)} ms`);
  console.log(`  raw TCP write of the same ${bytes.length} bytes + GS r 1 to the same printer, until its answer: p50 ${percentile(raw, 50).toFixed(1)} ms  p99 ${percentile(raw, 99).toFixed(1)} ms`);
  console.log(`  ratio p50 ${(percentile(taps, 50) / percentile(raw, 50)).toFixed(2)}x  p99 ${(percentile(taps, 99) / percentile(raw, 99)).toFixed(2)}x`);
}
