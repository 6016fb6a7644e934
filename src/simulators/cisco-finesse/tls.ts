// The simulator's HTTPS certificate: self-signed, for the loopback names and addresses both nodes use,
// and its own CA (a client trusts it with `--ca-file`). Generated once per process and shared by every
// simulator started in it: key generation is the slowest part of a start.
import { generate } from 'selfsigned';

export interface SimCertificate {
  key: string;
  /** PEM; also the CA a client must trust. */
  cert: string;
}

let pending: Promise<SimCertificate> | undefined;

async function create(): Promise<SimCertificate> {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    // A day of slack either side of the host clock; the simulated clock plays no part in TLS.
    notBeforeDate: new Date(now - 86_400_000),
    notAfterDate: new Date(now + 365 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '127.0.0.2' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

export function simulatorCertificate(): Promise<SimCertificate> {
  pending ??= create().catch((err: unknown) => {
    pending = undefined;
    throw err;
  });
  return pending;
}
