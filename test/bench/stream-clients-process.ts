import { WebSocket } from 'ws';

/**
 * The benchmark's stream clients, in their own process so receiving 50 copies of every event
 * does not slow down the process that times the requests.
 *
 * Given `timed` (a text such as `"ticket.called"`), each client also notes when every message
 * holding it arrived, on the machine's monotonic clock (process.hrtime, the same in every process),
 * so the process that sent the request can take the time to each client. A `wait` message is
 * answered once every client has had `timed` messages and the stream `issued` ticket.issued events
 * (a barrier: whatever the hub sent before those has arrived too), with each client's arrival of
 * its `timed`-th such message and the last one's text.
 */
const { url, count, timed } = JSON.parse(process.argv[2]!) as { url: string; count: number; timed?: string };
let delivered = 0;
let eventBytes = 0;
const arrivals = Array.from({ length: count }, () => [] as bigint[]);
let timedText = '';
let waiting: { issued: number; timed: number } | null = null;

const answerWait = () => {
  if (!waiting || delivered < waiting.issued * count || arrivals.some((a) => a.length < waiting!.timed)) return;
  const n = waiting.timed;
  waiting = null;
  process.send!({ type: 'arrived', at: n === 0 ? [] : arrivals.map((a) => String(a[n - 1])), text: timedText });
};

const sockets = await Promise.all(
  Array.from({ length: count }, (_, i) => {
    const ws = new WebSocket(url);
    ws.on('message', (data: Buffer) => {
      const at = process.hrtime.bigint();
      const text = data.toString();
      const issued = text.split('"ticket.issued"').length - 1;
      delivered += issued;
      if (issued === 1) eventBytes = data.length;
      if (timed !== undefined && text.includes(timed)) {
        arrivals[i]!.push(at);
        timedText = text;
      }
      answerWait();
    });
    return new Promise<WebSocket>((resolve, reject) => {
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  }),
);
process.send!({ type: 'open' });
process.on('message', (m: 'report' | { type: 'wait'; issued: number; timed: number }) => {
  if (typeof m === 'object') {
    waiting = m;
    answerWait();
    return;
  }
  for (const ws of sockets) ws.close();
  process.send!({ type: 'report', delivered, eventBytes }, () => process.exit(0));
});
