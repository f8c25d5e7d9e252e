import { WebSocket } from 'ws';

/**
 * The benchmark's stream clients, in their own process so receiving 50 copies of every event
 * does not slow down the process that times the requests.
 */
const { url, count } = JSON.parse(process.argv[2]!) as { url: string; count: number };
let delivered = 0;
let eventBytes = 0;
const sockets = await Promise.all(
  Array.from({ length: count }, () => {
    const ws = new WebSocket(url);
    ws.on('message', (data: Buffer) => {
      const issued = data.toString().split('"ticket.issued"').length - 1;
      delivered += issued;
      if (issued === 1) eventBytes = data.length;
    });
    return new Promise<WebSocket>((resolve, reject) => {
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  }),
);
process.send!({ type: 'open' });
process.on('message', (m) => {
  if (m !== 'report') return;
  for (const ws of sockets) ws.close();
  process.send!({ type: 'report', delivered, eventBytes }, () => process.exit(0));
});
