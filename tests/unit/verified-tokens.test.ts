import { describe, expect, it } from 'vitest';
import { VerifiedTokens } from '../../src/services/auth/verified-tokens.js';

const alice = { id: '5f0c8a52-3a43-4f43-9d0e-0d6d8f2f8a11', email: 'alice@example.com' };

/** A wall clock the test moves by hand. */
function manualClock(start = 1_800_000_000_000) {
  return {
    t: start,
    now() {
      return this.t;
    },
  };
}

describe('verified access tokens', () => {
  it('remembers a token until the user recheck interval passes', () => {
    const clock = manualClock();
    const tokens = new VerifiedTokens(clock);
    tokens.remember('t1', alice, clock.t + 15 * 60_000);
    expect(tokens.get('t1')).toEqual(alice);
    clock.t += 29_000;
    expect(tokens.get('t1')).toEqual(alice);
    clock.t += 2_000;
    expect(tokens.get('t1')).toBeUndefined();
  });

  it('never outlives the token it vouches for', () => {
    const clock = manualClock();
    const tokens = new VerifiedTokens(clock);
    tokens.remember('soon', alice, clock.t + 5_000);
    tokens.remember('expired', alice, clock.t - 1);
    tokens.remember('no-exp', alice, undefined);
    expect(tokens.get('expired')).toBeUndefined();
    expect(tokens.get('no-exp')).toBeUndefined();
    clock.t += 4_900;
    expect(tokens.get('soon')).toEqual(alice);
    clock.t += 200;
    expect(tokens.get('soon')).toBeUndefined();
  });

  it('keeps one cache per server (each container holds its own)', () => {
    const a = new VerifiedTokens();
    const b = new VerifiedTokens();
    a.remember('t', alice, Date.now() + 60_000);
    expect(a.get('t')).toEqual(alice);
    expect(b.get('t')).toBeUndefined();
  });
});
