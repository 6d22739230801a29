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

export const SESSION_EXPIRED = 'Your session expired; please sign in again';
const NOTICE_KEY = 'docsphere.notice';

/** Signs out because the session could not be renewed, leaving a notice for the login page. */
export function expireSession() {
  try {
    sessionStorage.setItem(NOTICE_KEY, SESSION_EXPIRED);
  } catch {
    // storage unavailable: the login page simply shows no notice
  }
  setSession(null);
}

/** The notice left by `expireSession`, read once (a later visit to the login page shows none). */
export function takeSessionNotice(): string | null {
  try {
    const notice = sessionStorage.getItem(NOTICE_KEY);
    sessionStorage.removeItem(NOTICE_KEY);
    return notice;
  } catch {
    return null;
  }
}

/**
 * Runs `fn` while holding a lock shared by every tab of this origin (Web Locks), so two tabs
 * never spend the same refresh token; without Web Locks (old browsers) the tab runs alone.
 */
function acrossTabs<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? (locks.request('docsphere.refresh', fn) as Promise<T>) : fn();
}

/**
 * Swaps the refresh token for a new pair. Single-flight within the tab (the HTTP link and the
 * WebSocket may both notice the expiry at once) and across tabs (a Web Lock): a tab that waited
 * for the lock finds the pair another tab stored and uses it instead of spending the same token
 * again. The server also answers a duplicate within a few seconds with the same successor.
 * Resolves false (and signs out with the "session expired" notice) when the session cannot be
 * renewed.
 */
export function refreshSession(): Promise<boolean> {
  const seen = getSession()?.refreshToken;
  refreshing ??= acrossTabs(async () => {
    const current = getSession();
    if (!current?.refreshToken) return false;
    // Another tab renewed the session while this one waited for the lock.
    if (current.refreshToken !== seen) return true;
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
      expireSession();
      return false;
    }
  }).finally(() => (refreshing = null));
  return refreshing;
}
