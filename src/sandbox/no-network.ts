import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';

/**
 * Cuts the converter sandbox off from the network before any converter code loads. Converters
 * are pure functions of the bytes; a document that makes one reach out (an XXE `SYSTEM` URL, a
 * remote image in HTML, a PDF font URL) must fail instead of leaking data or probing the LAN.
 *
 * Every Node network path ends in `net.Socket#connect` (http, https, tls, undici's fetch) or in
 * `dns`, so refusing those two covers them; `fetch` and `WebSocket` are replaced as well so the
 * failure is immediate and explicit. UDP (`dgram`) is refused the same way.
 */
export function blockNetwork(): void {
  // Typed loosely on purpose: each stub replaces a function with overloads it never honours.
  const refuse =
    (what: string): any =>
    () => {
      throw new Error(`network access is disabled in the converter sandbox (${what})`);
    };
  net.Socket.prototype.connect = refuse('net.connect');
  net.connect = refuse('net.connect');
  net.createConnection = refuse('net.createConnection');
  dns.lookup = refuse('dns.lookup');
  dns.resolve = refuse('dns.resolve');
  dns.promises.lookup = refuse('dns.lookup');
  dns.promises.resolve = refuse('dns.resolve');
  dgram.createSocket = refuse('dgram.createSocket');
  const g = globalThis as Record<string, unknown>;
  g.fetch = () => Promise.reject(new Error('network access is disabled in the converter sandbox (fetch)'));
  g.WebSocket = refuse('WebSocket');
  g.EventSource = refuse('EventSource');
}
