import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';

/**
 * What the plain-HTTP port of an HTTPS hub serves: the phone status page behind a ticket's QR code
 * (phones cannot trust the hub's own certificate), and the lobby display where the profile allows
 * a display without pairing. Both are public and carry no token; everything else answers that
 * HTTPS is needed.
 */
export function publicHttpAllows(method: string, url: string, publicDisplay: boolean): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const [path = '', query = ''] = url.split('?', 2);
  // A token over plain HTTP would be readable by anyone on the LAN.
  if (/(^|&)token=/.test(query)) return false;
  if (/^\/t\/[^/]+$/.test(path) || /^\/api\/v1\/tickets\/status\/[^/]+$/.test(path)) return true;
  if (path.startsWith('/assets/') || path.startsWith('/audio/') || path === '/api/v1/health') return true;
  return publicDisplay && ['/', '/display', '/api/v1/state', '/api/v1/services', '/api/v1/stream'].includes(path);
}

function refuse(res: import('node:http').ServerResponse): void {
  res.writeHead(403, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error: { code: 'forbidden', reason: 'https_required', params: {}, message: 'this address is served over HTTPS only (the plain port is for the phone status page and the public lobby display)', field: 'url' } }));
}

/** Requests on the plain port never authenticate: their token headers are dropped before routing. */
function anonymous(req: IncomingMessage): IncomingMessage {
  delete req.headers.authorization;
  delete req.headers.cookie;
  return req;
}

/** A plain HTTP server in front of the hub's router, for the public pages only. */
export function createPublicHttpServer(app: FastifyInstance, publicDisplay: boolean): Server {
  const server = createServer((req, res) => {
    if (!publicHttpAllows(req.method ?? 'GET', req.url ?? '/', publicDisplay)) return refuse(res);
    app.routing(anonymous(req), res);
  });
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    if (!publicHttpAllows('GET', req.url ?? '/', publicDisplay)) return socket.destroy();
    app.server.emit('upgrade', anonymous(req), socket, head);
  });
  return server;
}

export interface PublicHttp {
  url: string;
  close(): Promise<void>;
}

export function listenPublicHttp(server: Server, port: number, host: string): Promise<PublicHttp> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      resolve({
        url: `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${bound}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
