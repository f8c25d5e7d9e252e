import type { Readable, Writable } from 'node:stream';

/**
 * One way to talk to a printer, whatever carries the bytes: TCP port 9100, the USB printer class
 * device file, or a serial line. Writes go out in order; reads take the printer's reply bytes.
 */
export interface PrinterTransport {
  readonly description: string;
  write(data: Uint8Array): Promise<void>;
  /** The next `count` reply bytes; rejects with TransportError('no_answer') after the timeout. */
  read(count: number, timeoutMs: number): Promise<Uint8Array>;
  /** Forgets reply bytes nobody asked for, such as a late answer to a query that timed out. */
  discardPending(): void;
  close(): Promise<void>;
}

export class TransportError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'no_answer' | 'closed',
    message: string,
  ) {
    super(message);
  }
}

export interface Connection {
  readable: Readable;
  writable: Writable;
  destroy(): void;
}

/**
 * The byte plumbing the three transports share: a connection opened on demand and again after it
 * broke, and reply bytes queued for whoever reads next.
 */
export class StreamTransport implements PrinterTransport {
  private connection: Connection | null = null;
  private opening: Promise<Connection> | null = null;
  private buffered: number[] = [];
  private waiter: (() => void) | null = null;

  constructor(
    readonly description: string,
    private readonly open: () => Promise<Connection>,
  ) {}

  private async connect(): Promise<Connection> {
    if (this.connection) return this.connection;
    this.opening ??= this.open().then(
      (c) => {
        this.opening = null;
        this.connection = c;
        c.readable.on('data', (chunk: Buffer) => {
          for (const b of chunk) this.buffered.push(b);
          this.waiter?.();
        });
        const drop = () => {
          if (this.connection === c) this.connection = null;
          c.destroy();
          this.waiter?.();
        };
        c.readable.on('error', drop);
        c.readable.on('close', drop);
        c.writable.on('error', drop);
        return c;
      },
      (err: unknown) => {
        this.opening = null;
        throw new TransportError('unreachable', `${this.description}: ${(err as Error).message}`);
      },
    );
    return this.opening;
  }

  async write(data: Uint8Array): Promise<void> {
    const c = await this.connect();
    await new Promise<void>((resolve, reject) =>
      c.writable.write(data, (err) => (err ? reject(new TransportError('unreachable', `${this.description}: ${err.message}`)) : resolve())),
    );
  }

  async read(count: number, timeoutMs: number): Promise<Uint8Array> {
    await this.connect();
    const deadline = Date.now() + timeoutMs;
    while (this.buffered.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new TransportError('no_answer', `${this.description}: no answer within ${timeoutMs} ms`);
      if (!this.connection) throw new TransportError('closed', `${this.description}: connection closed while waiting for an answer`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = null;
    }
    return Uint8Array.from(this.buffered.splice(0, count));
  }

  discardPending(): void {
    this.buffered = [];
  }

  async close(): Promise<void> {
    this.connection?.destroy();
    this.connection = null;
  }
}
