import { describe, expect, it } from 'vitest';
import { createBasicAuth } from './basic-auth.ts';
import { CredentialRejectedError } from './errors.ts';

const header = `Basic ${Buffer.from('agent:pässword').toString('base64')}`;

describe('basic auth', () => {
  it('sends user:password in UTF-8 base64', async () => {
    expect(await createBasicAuth('agent', 'pässword').authorize()).toBe(header);
  });

  it('refuses a user name the server would split wrongly', () => {
    expect(() => createBasicAuth('a:b', 'x')).toThrow(/cannot contain/);
  });

  it('holds other requests until the first one proved the password', async () => {
    const auth = createBasicAuth('agent', 'pässword');
    expect(await auth.authorize()).toBe(header);
    let released = 0;
    const waiting = [auth.authorize(), auth.authorize()].map((p) => p.then((h) => (released++, h)));
    await new Promise((r) => setTimeout(r, 20));
    expect(released).toBe(0);
    auth.accepted?.(header);
    expect(await Promise.all(waiting)).toEqual([header, header]);
    expect(await auth.authorize()).toBe(header);
  });

  it('latches on the first 401: waiting and later requests fail without sending', async () => {
    const auth = createBasicAuth('agent', 'wrong');
    const sent = await auth.authorize();
    const waiting = auth.authorize();
    expect(auth.rejected(sent)).toBe(false);
    await expect(waiting).rejects.toBeInstanceOf(CredentialRejectedError);
    await expect(auth.authorize()).rejects.toMatchObject({ name: 'CredentialRejectedError', status: 401 });
    expect(auth.rejected(sent)).toBe(false);
  });

  it('lets the next request go when the first one got no answer in time', async () => {
    const auth = createBasicAuth('agent', 'pässword', { probeTimeoutMs: 60 });
    await auth.authorize();
    const second = auth.authorize();
    const third = auth.authorize();
    expect(await second).toBe(header);
    let thirdDone = false;
    void third.then(() => (thirdDone = true));
    await new Promise((r) => setTimeout(r, 10));
    // Only one new probe at a time.
    expect(thirdDone).toBe(false);
    auth.accepted?.(header);
    expect(await third).toBe(header);
  });
});
