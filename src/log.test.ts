import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactSecrets, registerSecret } from './log.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), output: () => lines.join('') };
}

describe('logger redaction', () => {
  it('censors fields whose names say they are secret, at any of the first three levels', () => {
    const { logger, output } = capture();
    logger.info(
      {
        password: 'field-pass-1',
        headers: { authorization: 'Bearer field-token-2', 'set-cookie': 'sid=field-cookie-3' },
        request: { body: { client_secret: 'field-secret-4', clientSecret: 'field-secret-5' } },
        config: { accessKeySecret: 'field-secret-6' },
      },
      'calling the platform',
    );
    const line = output();
    for (const value of ['field-pass-1', 'field-token-2', 'field-cookie-3', 'field-secret-4', 'field-secret-5', 'field-secret-6']) {
      expect(line).not.toContain(value);
    }
    expect(JSON.parse(line)).toMatchObject({ password: '[redacted]', headers: { authorization: '[redacted]' }, msg: 'calling the platform' });
  });

  it('scrubs a registered secret wherever it appears: message, any field, nested, error stacks, escaped', () => {
    const secret = 'Zx9"q\\registered/secret&=+';
    registerSecret(secret);
    const { logger, output } = capture();
    logger.warn(`token exchange failed for ${secret}`);
    logger.info({ response: { body: { echoed: [`x${secret}y`] } }, url: `https://login.test/?p=${encodeURIComponent(secret)}` }, 'response');
    logger.error({ err: new Error(`platform said: bad credential ${secret}`) }, 'failed');
    logger.debug({ [secret]: 'as a key' }, 'odd');
    const text = output();
    expect(text).not.toContain(secret);
    expect(text).not.toContain(JSON.stringify(secret).slice(1, -1));
    expect(text).not.toContain(encodeURIComponent(secret));
    expect(text).not.toContain('registered/secret');
    expect(text.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(5);
    for (const line of text.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('redacts registered secrets from text printed outside the logger', () => {
    registerSecret('cli-visible-secret-123');
    expect(redactSecrets('error: invalid_client cli-visible-secret-123 (twice: cli-visible-secret-123)')).toBe('error: invalid_client [redacted] (twice: [redacted])');
  });

  it('removes a secret whole even when another registered secret is part of it', () => {
    registerSecret('overlap');
    registerSecret('overlap-and-longer');
    expect(redactSecrets('x overlap-and-longer y')).toBe('x [redacted] y');
  });

  it('ignores values too short to redact without garbling every line', () => {
    registerSecret('');
    registerSecret('ab');
    expect(redactSecrets('about 12 tabs')).toBe('about 12 tabs');
  });
});
