import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { openDatabase } from '../../main/db/connection.js';

/**
 * The call benchmark's floor, in its own process as the hub is: a bare Node HTTP server and a ws
 * WebSocket server on one port. A POST does what a call cannot do without: one durable insert of
 * the message (SQLite in WAL with synchronous=FULL, in a temporary file, through the hub's own
 * openDatabase) and one send of it to every connected socket, then the reply. The message is the
 * hub's own, sent here over IPC, so both sides put the same bytes on the wire.
 */
const dir = mkdtempSync(join(tmpdir(), 'antre-call-floor-'));
const db = openDatabase(join(dir, 'floor.db'));
db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
let message = '';

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    insert.run(message);
    for (const ws of wss.clients) ws.send(message);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
const wss = new WebSocketServer({ server });
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
process.send!({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}` });
process.on('message', (m: 'stop' | { message: string }) => {
  if (typeof m === 'object') {
    message = m.message;
    process.send!({ set: true });
    return;
  }
  for (const ws of wss.clients) ws.terminate();
  wss.close();
  server.close();
  db.close();
  process.send!({ stopped: true }, () => process.exit(0));
});
