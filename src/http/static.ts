import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build:client` writes the web client. */
export const CLIENT_DIST = fileURLToPath(new URL('../../client/dist', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * The SPA's own pages may only load what it ships and talk to this origin (HTTP and WebSocket);
 * Markdown previews are sanitised too, this is the second line.
 */
const HTML_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
    "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'",
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** Server routes: never answered with the SPA, even for a browser asking for HTML (GraphiQL). */
const RESERVED = /^\/(graphql|api|health|ready|metrics|openapi)(\/|\.|$)/;

/**
 * Serves the built web client (client/dist) at `/`. Vite puts content-hashed files under
 * /assets/, which may be cached for a year; index.html must be revalidated on every load so a
 * new deploy is picked up. A GET for an unknown path that wants HTML gets index.html (the
 * client routes it); other unknown paths fall through (404 from the caller).
 *
 * Returns false when the request is not for the client, or when no client has been built.
 */
export async function serveClient(req: IncomingMessage, res: ServerResponse, root = CLIENT_DIST): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (!existsSync(root)) return false;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    return false;
  }
  if (pathname.includes('\0') || RESERVED.test(pathname)) return false;
  // normalize + the prefix check keep `..` and encoded slashes inside the dist folder.
  let file = path.normalize(path.join(root, pathname));
  if (file !== root && !file.startsWith(root + path.sep)) return false;
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    file = path.join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) {
    const wantsHtml = /text\/html/.test(req.headers.accept ?? '');
    if (path.extname(pathname) || !wantsHtml) return false;
    file = path.join(root, 'index.html');
    info = await stat(file).catch(() => null);
    if (!info?.isFile()) return false;
  }
  const ext = path.extname(file).toLowerCase();
  const isHtml = ext === '.html';
  const immutable = !isHtml && path.relative(root, file).startsWith(`assets${path.sep}`);
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers: Record<string, string> = {
    'content-type': TYPES[ext] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
    etag,
    ...(isHtml ? HTML_HEADERS : {}),
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  res.writeHead(200, { ...headers, 'content-length': String(info.size) });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file);
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    stream.on('end', resolve);
    stream.pipe(res);
  });
  return true;
}
