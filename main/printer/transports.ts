import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { connect } from 'node:net';
import { StreamTransport, type Connection, type PrinterTransport } from './transport.js';

const CONNECT_TIMEOUT_MS = 3000;

/** A network printer on its raw port (9100), one persistent connection opened again when it drops. */
export function tcpTransport(host: string, port: number): PrinterTransport {
  return new StreamTransport(`tcp://${host}:${port}`, () =>
    new Promise<Connection>((resolve, reject) => {
      const socket = connect({ host, port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no connection within ${CONNECT_TIMEOUT_MS} ms`));
      }, CONNECT_TIMEOUT_MS);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.setKeepAlive(true, 10_000);
        resolve({ readable: socket, writable: socket, destroy: () => socket.destroy() });
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    }),
  );
}

/** The Linux USB printer class device (/dev/usb/lp0): bidirectional, so status replies can be read. */
export function usbTransport(path: string): PrinterTransport {
  return new StreamTransport(`usb:${path}`, async () => {
    const handle = await fs.open(path, 'r+');
    const readable = createReadStream('', { fd: handle.fd, autoClose: false });
    const writable = createWriteStream('', { fd: handle.fd, autoClose: false });
    return {
      readable,
      writable,
      destroy: () => {
        readable.destroy();
        writable.destroy();
        void handle.close().catch(() => undefined);
      },
    };
  });
}

/** A serial printer (RS-232 or a USB serial adapter) at a fixed baud rate. */
export function serialTransport(path: string, baudRate: number): PrinterTransport {
  return new StreamTransport(`serial:${path}?baud=${baudRate}`, async () => {
    const { SerialPort } = await import('serialport');
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    return { readable: port, writable: port, destroy: () => port.isOpen && port.close() };
  });
}

export class PrinterAddressError extends Error {}

/**
 * A printer address as profiles and the command line write it:
 * tcp://HOST:PORT, usb:/dev/usb/lp0, serial:/dev/ttyUSB0?baud=38400.
 */
export function openTransport(address: string): PrinterTransport {
  const tcp = /^tcp:\/\/([^:/]+)(?::(\d+))?\/?$/.exec(address);
  if (tcp) return tcpTransport(tcp[1]!, tcp[2] ? Number(tcp[2]) : 9100);
  const usb = /^usb:(\/.+)$/.exec(address);
  if (usb) return usbTransport(usb[1]!);
  const serial = /^serial:(\/[^?]+)(?:\?baud=(\d+))?$/.exec(address);
  if (serial) return serialTransport(serial[1]!, serial[2] ? Number(serial[2]) : 38400);
  throw new PrinterAddressError(`printer address "${address}" is not one of tcp://HOST:9100, usb:/dev/usb/lp0, serial:/dev/ttyUSB0?baud=38400`);
}
