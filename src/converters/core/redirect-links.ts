/**
 * Search engines' tracking redirects. A result page saved from Google, Bing, DuckDuckGo or Yahoo
 * links every result through the engine's redirector, which carries the real target in its own
 * URL; the link a reader (and a search index) wants is that target. Decoded only when the
 * target is an absolute http(s) URL inside the redirect, and only for the engines' own redirect
 * paths (absolute on the engine's host, or relative as on a saved results page).
 */

const ENGINE_HOST = /(^|\.)(google\.[a-z.]+|bing\.com|duckduckgo\.com|yahoo\.com)$/i;
const BASE = 'https://redirect.invalid';

function absoluteHttp(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Bing's `u` parameter: "a1" then the target as unpadded base64url. */
function bingTarget(value: string | null): string | null {
  if (!value?.startsWith('a1')) return null;
  return absoluteHttp(Buffer.from(value.slice(2), 'base64url').toString('utf8'));
}

/** Yahoo's `/RU=<encoded target>/RK=…` path segment. */
function yahooTarget(path: string): string | null {
  const match = /\/RU=([^/]+)/.exec(path);
  if (!match) return null;
  try {
    return absoluteHttp(decodeURIComponent(match[1]!));
  } catch {
    return null;
  }
}

/** The target of a search engine's tracking redirect, or the href unchanged. */
export function unwrapRedirect(href: string): string {
  let url: URL;
  try {
    url = new URL(href, BASE);
  } catch {
    return href;
  }
  if (url.origin !== BASE && !ENGINE_HOST.test(url.hostname)) return href;
  const query = url.searchParams;
  const target =
    (url.pathname === '/url' && (absoluteHttp(query.get('q')) ?? absoluteHttp(query.get('url')))) ||
    (url.pathname === '/ck/a' && bingTarget(query.get('u'))) ||
    (url.pathname === '/l/' && absoluteHttp(query.get('uddg'))) ||
    (url.pathname.includes('/RU=') && yahooTarget(url.pathname));
  return target || href;
}
