import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** localStorage/sessionStorage as a browser tab has them, backed by a Map. */
function storage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}

const answer = (refreshToken: string) =>
  new Response(
    JSON.stringify({ data: { refreshToken: { token: `access-${refreshToken}`, refreshToken, user: { email: 'a@example.com' } } } }),
  );

describe('web client session renewal', () => {
  beforeEach(() => {
    vi.resetModules();
    vi.stubGlobal('localStorage', storage());
    vi.stubGlobal('sessionStorage', storage());
  });
  afterEach(() => vi.unstubAllGlobals());

  it('signs out with "Your session expired; please sign in again" when the refresh is refused', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ errors: [{ message: 'Invalid or expired refresh token' }] }))),
    );
    const s = await import('../../../client/src/session.js');
    s.setSession({ token: 'old', refreshToken: 'dsr_old', email: 'a@example.com' });
    expect(await s.refreshSession()).toBe(false);
    expect(s.getSession()).toBeNull();
    expect(s.takeSessionNotice()).toBe('Your session expired; please sign in again');
    // Shown once: a later visit to the login page has no notice.
    expect(s.takeSessionNotice()).toBeNull();
  });

  it('takes the pair another tab stored while it waited for the shared lock instead of spending the token again', async () => {
    const fetch = vi.fn(async () => answer('dsr_mine'));
    vi.stubGlobal('fetch', fetch);
    const s = await import('../../../client/src/session.js');
    s.setSession({ token: 'old', refreshToken: 'dsr_old', email: 'a@example.com' });
    const request = vi.fn(async (_name: string, fn: () => Promise<unknown>) => {
      // The other tab held the lock and renewed the session first.
      localStorage.setItem(
        'docsphere.session',
        JSON.stringify({ token: 'new', refreshToken: 'dsr_from_other_tab', email: 'a@example.com' }),
      );
      return fn();
    });
    vi.stubGlobal('navigator', { locks: { request } });
    expect(await s.refreshSession()).toBe(true);
    expect(request).toHaveBeenCalledWith('docsphere.refresh', expect.any(Function));
    expect(fetch).not.toHaveBeenCalled();
    expect(s.getSession()?.refreshToken).toBe('dsr_from_other_tab');
  });

  it('refreshes under the lock when no other tab did, once for concurrent callers in the tab', async () => {
    const fetch = vi.fn(async () => answer('dsr_next'));
    vi.stubGlobal('fetch', fetch);
    vi.stubGlobal('navigator', { locks: { request: (_n: string, fn: () => Promise<unknown>) => fn() } });
    const s = await import('../../../client/src/session.js');
    s.setSession({ token: 'old', refreshToken: 'dsr_old', email: 'a@example.com' });
    expect(await Promise.all([s.refreshSession(), s.refreshSession()])).toEqual([true, true]);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(s.getSession()).toMatchObject({ token: 'access-dsr_next', refreshToken: 'dsr_next' });
  });
});
