import type { IncomingHttpHeaders } from 'node:http';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * CSRF defence for cookie-less but browser-reachable endpoints. A browser can send a "simple"
 * cross-site request (GET, or a POST of multipart/form-data, text/plain or a urlencoded form)
 * without a CORS preflight; requiring a custom header forces the preflight, which a foreign
 * origin fails. Clients send `x-graphql-csrf: 1` (any value); `apollo-require-preflight` is
 * accepted too, because Apollo Client and apollo-upload-client already know to send it.
 * JSON requests are preflighted by the browser anyway and need no header.
 */
export const CSRF_HEADERS = ['x-graphql-csrf', 'apollo-require-preflight'] as const;

export function csrfPlugin(): Plugin {
  const inner = useCSRFPrevention({ requestHeaders: [...CSRF_HEADERS] }) as Plugin;
  return {
    // The same check, answering with our error shape (FORBIDDEN, 403) instead of a bare message.
    onRequestParse(payload) {
      try {
        return inner.onRequestParse?.(payload);
      } catch {
        throw createGraphQLError(`Required CSRF header not present: send ${CSRF_HEADERS[0]}`, {
          extensions: { code: 'FORBIDDEN', http: { status: 403 } },
        });
      }
    },
  };
}

/**
 * The same rule for the Node front door: multipart bodies are parsed (and files streamed) before
 * yoga sees the request, so the check has to happen first or a forged upload would be read.
 */
export function hasCsrfHeader(headers: IncomingHttpHeaders): boolean {
  return CSRF_HEADERS.some((h) => typeof headers[h] === 'string' && headers[h] !== '');
}

/**
 * Headers for serving a stored original: always a download, never rendered by the browser in
 * our origin (an uploaded HTML or SVG would otherwise run script as us), and never sniffed into
 * a more dangerous type. The name is the sanitised display name, RFC 6266/5987 encoded.
 */
export function attachmentHeaders(filename: string, mimeType: string): Record<string, string> {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return {
    'content-type': mimeType || 'application/octet-stream',
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cache-control': 'private, no-store',
  };
}
