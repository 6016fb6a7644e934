// Media blobs under the data directory. Written to a temp file while hashing, then renamed into place,
// so a crash never leaves a half-written blob under its final key.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StoredBlob } from '../connectors/connector.ts';

export function createBlobStore(root: string) {
  const base = resolve(root);
  const pathOf = (key: string) => {
    const path = resolve(base, key);
    // Keys come from platform ids; refuse anything that would escape the blob directory.
    if (!path.startsWith(base + sep)) throw new Error(`blob key escapes the blob store: ${key}`);
    return path;
  };
  return {
    root: base,
    pathOf,
    async put(key: string, body: Readable): Promise<StoredBlob> {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const temp = join(dirname(path), `.${randomUUID()}.part`);
      const hash = createHash('sha256');
      let bytes = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          bytes += chunk.length;
          done(null, chunk);
        },
      });
      try {
        await pipeline(body, meter, createWriteStream(temp, { mode: 0o600 }));
        await rename(temp, path);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
      return { key, sha256: hash.digest('hex'), bytes };
    },
  };
}
export type BlobStore = ReturnType<typeof createBlobStore>;
