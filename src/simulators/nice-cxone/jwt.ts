// RS256 JSON Web Tokens on node:crypto (reference §2.2: access, id and refresh tokens are RS256 JWTs; the
// key is published at jwks_uri with kid "default"). One key pair per simulator process, kept across
// /_sim/reset, so the JWKS a client cached stays right.
import { generateKeyPair, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

const KID = 'default';

export interface Jwk {
  kty: string;
  kid: string;
  use: string;
  alg: string;
  n: string;
  e: string;
}

export class JwtSigner {
  private constructor(
    private readonly privateKey: KeyObject,
    readonly jwk: Jwk,
  ) {}

  static async create(): Promise<JwtSigner> {
    const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
    const { n, e } = publicKey.export({ format: 'jwk' });
    return new JwtSigner(privateKey, { kty: 'RSA', kid: KID, use: 'sig', alg: 'RS256', n: n as string, e: e as string });
  }

  sign(payload: Record<string, unknown>): string {
    const header = base64url(JSON.stringify({ alg: 'RS256', kid: KID, typ: 'JWT' }));
    const body = base64url(JSON.stringify(payload));
    const signature = sign('sha256', Buffer.from(`${header}.${body}`), this.privateKey).toString('base64url');
    return `${header}.${body}.${signature}`;
  }
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
