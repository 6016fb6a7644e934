import { describe, expect, it, vi } from 'vitest';
import { CredentialRejectedError } from './errors.ts';
import { createTokenCache, type FetchedToken } from './token-cache.ts';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

function issuer(lifetimeSeconds = 3600) {
  let n = 0;
  return vi.fn(async (): Promise<FetchedToken> => ({ accessToken: `t${++n}`, expiresInSeconds: lifetimeSeconds }));
}

describe('token cache', () => {
  it('fetches once and shares the token, even among concurrent callers', async () => {
    const fetchToken = issuer();
    const cache = createTokenCache({ fetchToken });
    const headers = await Promise.all(Array.from({ length: 20 }, () => cache.authorize()));
    expect(new Set(headers)).toEqual(new Set(['Bearer t1']));
    expect(await cache.authorize()).toBe('Bearer t1');
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  it('refreshes before expiry in the background, with one refresh in flight', async () => {
    const c = clock();
    const fetchToken = issuer(3600);
    const cache = createTokenCache({ fetchToken, now: c.now });
    await cache.authorize();
    c.advance(3600_000 - 61_000);
    expect(await cache.authorize()).toBe('Bearer t1');
    expect(fetchToken).toHaveBeenCalledTimes(1);
    c.advance(2_000);
    // Inside the refresh window the current token still serves while one refresh runs.
    const during = await Promise.all([cache.authorize(), cache.authorize(), cache.authorize()]);
    expect(during).toEqual(['Bearer t1', 'Bearer t1', 'Bearer t1']);
    await vi.waitFor(async () => expect(await cache.authorize()).toBe('Bearer t2'));
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('refreshes short-lived tokens at 10% of their lifetime before expiry', async () => {
    const c = clock();
    const fetchToken = issuer(300);
    const cache = createTokenCache({ fetchToken, now: c.now });
    await cache.authorize();
    c.advance(269_000);
    await cache.authorize();
    expect(fetchToken).toHaveBeenCalledTimes(1);
    c.advance(2_000);
    await cache.authorize();
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('spaces background refreshes that fail, and uses the token until it expires', async () => {
    const c = clock();
    const fetchToken = vi
      .fn<() => Promise<FetchedToken>>()
      .mockResolvedValueOnce({ accessToken: 'a', expiresInSeconds: 3600 })
      .mockRejectedValueOnce(new Error('ECONNRESET'))
      .mockResolvedValueOnce({ accessToken: 'b', expiresInSeconds: 3600 });
    const cache = createTokenCache({ fetchToken, now: c.now });
    await cache.authorize();
    c.advance(3600_000 - 30_000);
    for (let i = 0; i < 5; i++) expect(await cache.authorize()).toBe('Bearer a');
    await vi.waitFor(() => expect(fetchToken).toHaveBeenCalledTimes(2));
    for (let i = 0; i < 5; i++) expect(await cache.authorize()).toBe('Bearer a');
    expect(fetchToken).toHaveBeenCalledTimes(2);
    c.advance(5_000);
    await cache.authorize();
    await vi.waitFor(async () => expect(await cache.authorize()).toBe('Bearer b'));
  });

  it('waits for a new token once the old one has expired', async () => {
    const c = clock();
    const fetchToken = issuer(100);
    const cache = createTokenCache({ fetchToken, now: c.now });
    await cache.authorize();
    c.advance(100_000);
    expect(await cache.authorize()).toBe('Bearer t2');
  });

  it('latches a refused credential: the token endpoint is asked exactly once', async () => {
    const refused = new CredentialRejectedError('invalid_client: authentication failed', 401);
    const fetchToken = vi.fn(async (): Promise<FetchedToken> => {
      await new Promise((r) => setTimeout(r, 10));
      throw refused;
    });
    const cache = createTokenCache({ fetchToken });
    const concurrent = await Promise.allSettled(Array.from({ length: 10 }, () => cache.authorize()));
    expect(concurrent.every((r) => r.status === 'rejected' && r.reason === refused)).toBe(true);
    for (let i = 0; i < 10; i++) await expect(cache.authorize()).rejects.toBe(refused);
    cache.invalidate();
    await expect(cache.authorize()).rejects.toBe(refused);
    expect(cache.rejected('Bearer x')).toBe(false);
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  it('does not latch transient failures', async () => {
    const fetchToken = vi
      .fn<() => Promise<FetchedToken>>()
      .mockRejectedValueOnce(new Error('gave up after 6 attempts: 503'))
      .mockResolvedValueOnce({ accessToken: 'ok', expiresInSeconds: 3600 });
    const cache = createTokenCache({ fetchToken });
    await expect(cache.authorize()).rejects.toThrow('503');
    expect(await cache.authorize()).toBe('Bearer ok');
  });

  it('rejects an answer without a usable token', async () => {
    const cache = createTokenCache({ fetchToken: async () => ({ accessToken: '', expiresInSeconds: 3600 }) });
    await expect(cache.authorize()).rejects.toThrow(/usable access token/);
  });

  it('allows one fresh try after a 401, and no second while fresh tokens keep being refused', async () => {
    const fetchToken = issuer();
    const cache = createTokenCache({ fetchToken });
    const first = await cache.authorize();
    cache.accepted?.(first);
    // A token that worked and is now refused (expired, revoked): try a fresh one.
    expect(cache.rejected(first)).toBe(true);
    const second = await cache.authorize();
    expect(second).toBe('Bearer t2');
    // A stale header (someone already replaced it) may retry with the current token.
    expect(cache.rejected(first)).toBe(true);
    // The fresh token never worked and is refused: one more fresh try…
    expect(cache.rejected(second)).toBe(true);
    const third = await cache.authorize();
    // …and if that one is refused too, stop.
    expect(cache.rejected(third)).toBe(false);
    expect(await cache.authorize()).toBe(third);
    expect(fetchToken).toHaveBeenCalledTimes(3);
    // Once a token is accepted again, the next refusal gets its fresh try.
    cache.accepted?.(third);
    expect(cache.rejected(third)).toBe(true);
  });

  it('invalidate() forces a new token', async () => {
    const fetchToken = issuer();
    const cache = createTokenCache({ fetchToken });
    await cache.authorize();
    cache.invalidate();
    expect(await cache.authorize()).toBe('Bearer t2');
  });
});
