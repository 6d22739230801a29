/**
 * The signed-in session, kept in localStorage so a reload keeps you signed in. Other modules
 * read the token at request time, so logging out takes effect everywhere at once.
 */
export interface Session {
  /** Short-lived access token (minutes). */
  token: string;
  /** Single-use token that buys a new pair when the access token has expired. */
  refreshToken?: string;
  email: string;
}

const KEY = 'docsphere.session';
const listeners = new Set<() => void>();

export function getSession(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function setSession(session: Session | null) {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
  for (const l of listeners) l();
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Sent on every HTTP request: the server's CSRF prevention wants a header a plain HTML form or
 * a "simple" cross-site request cannot set (both spellings, for yoga's and Apollo's checks).
 */
export function requestHeaders(): Record<string, string> {
  const token = getSession()?.token;
  return {
    'x-graphql-csrf': '1',
    'apollo-require-preflight': 'true',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
}

const REFRESH = `mutation WebRefresh($refreshToken: String!) {
  refreshToken(refreshToken: $refreshToken) { token refreshToken user { email } }
}`;
let refreshing: Promise<boolean> | null = null;

/**
 * Swaps the refresh token for a new pair. Single-flight: the HTTP link and the WebSocket may both
 * notice the expiry at once, and a refresh token works only once (reuse ends the session).
 * Resolves false (and signs out) when the session cannot be renewed.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const current = getSession();
    if (!current?.refreshToken) return false;
    try {
      const res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-graphql-csrf': '1', 'apollo-require-preflight': 'true' },
        body: JSON.stringify({ query: REFRESH, variables: { refreshToken: current.refreshToken } }),
      });
      const body = (await res.json()) as { data?: { refreshToken?: { token: string; refreshToken: string; user: { email: string } } } };
      const next = body.data?.refreshToken;
      if (!next) throw new Error('refresh refused');
      setSession({ token: next.token, refreshToken: next.refreshToken, email: next.user.email });
      return true;
    } catch {
      setSession(null);
      return false;
    }
  })().finally(() => (refreshing = null));
  return refreshing;
}
