// Hostile XML, armed through POST /_sim/hostile: the next matching successful responses carry an XXE
// payload (external entities pointing at a local file and at a loopback URL), a billion-laughs entity
// expansion, or an oversized body streamed without Content-Length. They prove that a client's parser
// refuses DTDs and entities and caps what it reads. The payloads wrap the real answer, so a client that
// ignored the DTD would otherwise parse a plausible document.
import { ControlError } from '../control-plane.ts';
import type { SimRequest, SimResponse } from '../http-kit.ts';
import { XML_DECLARATION } from './xml.ts';

export type HostileKind = 'xxe' | 'billion-laughs' | 'huge';
export const HOSTILE_KINDS: readonly HostileKind[] = ['xxe', 'billion-laughs', 'huge'];

export const DEFAULT_HUGE_BYTES = 64 * 1024 * 1024;
const MAX_HUGE_BYTES = 1024 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;

/** Where the XXE entities point: a file every Linux host has, and a loopback port nothing listens on. */
export const XXE_TARGETS = { file: 'file:///etc/passwd', url: 'http://127.0.0.1:1/' } as const;

interface Armed {
  kind: HostileKind;
  /** Only responses to this exact path; any platform path when absent. */
  path: string | undefined;
  remaining: number;
  bytes: number;
}

/** A document split around its root element's content. */
interface Split {
  name: string;
  open: string;
  inner: string;
}

function split(body: string): Split {
  const doc = body.startsWith(XML_DECLARATION) ? body.slice(XML_DECLARATION.length) : body;
  const m = /^<([A-Za-z_][\w.-]*)([^>]*?)(\/?)>/.exec(doc);
  if (!m) return { name: 'Finesse', open: '<Finesse>', inner: '' };
  const name = m[1] as string;
  if (m[3]) return { name, open: `<${name}${m[2]}>`, inner: '' };
  const close = `</${name}>`;
  return { name, open: m[0], inner: doc.slice(m[0].length, doc.endsWith(close) ? -close.length : undefined) };
}

const HOSTILE_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n';

function xxe(s: Split): string {
  return (
    `${HOSTILE_DECLARATION}<!DOCTYPE ${s.name} [\n` +
    `  <!ENTITY xxe SYSTEM "${XXE_TARGETS.file}">\n` +
    `  <!ENTITY ssrf SYSTEM "${XXE_TARGETS.url}">\n` +
    `]>\n${s.open}&xxe;&ssrf;${s.inner}</${s.name}>`
  );
}

/** Ten levels of ten: a billion copies of "lol" once expanded, from under a kilobyte. */
function billionLaughs(s: Split): string {
  const levels = ['  <!ENTITY lol0 "lol">'];
  for (let i = 1; i <= 9; i++) levels.push(`  <!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  return `${HOSTILE_DECLARATION}<!DOCTYPE ${s.name} [\n${levels.join('\n')}\n]>\n${s.open}&lol9;${s.inner}</${s.name}>`;
}

/** The real content repeated, whole elements per chunk, until the body passes `bytes`. */
function* huge(s: Split, bytes: number): Generator<Buffer> {
  const unit = s.inner || '<filler>0123456789abcdef</filler>';
  const chunk = Buffer.from(unit.repeat(Math.ceil(CHUNK_BYTES / unit.length)), 'utf8');
  yield Buffer.from(`${XML_DECLARATION}${s.open}`, 'utf8');
  for (let sent = 0; sent < bytes; sent += chunk.length) yield chunk;
  yield Buffer.from(`</${s.name}>`, 'utf8');
}

export class HostileInjector {
  private armed: Armed[] = [];
  readonly served: Record<HostileKind, number> = { xxe: 0, 'billion-laughs': 0, huge: 0 };

  /** POST /_sim/hostile `{kind, path?, count?, bytes?}`. */
  arm(body: Record<string, unknown>): void {
    const { kind, path, count = 1, bytes = DEFAULT_HUGE_BYTES } = body;
    if (!HOSTILE_KINDS.includes(kind as HostileKind)) throw new ControlError(`kind must be one of ${HOSTILE_KINDS.join(', ')}`);
    if (path !== undefined && (typeof path !== 'string' || !path.startsWith('/'))) throw new ControlError('path must be an absolute path');
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw new ControlError('count must be an integer >= 1');
    if (typeof bytes !== 'number' || !Number.isInteger(bytes) || bytes < 1 || bytes > MAX_HUGE_BYTES)
      throw new ControlError(`bytes must be an integer 1-${MAX_HUGE_BYTES}`);
    this.armed.push({ kind: kind as HostileKind, path, remaining: count, bytes });
  }

  clear(): void {
    this.armed = [];
    for (const kind of HOSTILE_KINDS) this.served[kind] = 0;
  }

  toJSON() {
    return { armed: this.armed.map((a) => ({ kind: a.kind, path: a.path ?? null, remaining: a.remaining })), served: { ...this.served } };
  }

  /** A successful XML answer, or its hostile replacement when one is armed for this path. */
  apply(req: SimRequest, out: SimResponse): SimResponse {
    if (out.status !== 200 || typeof out.body !== 'string' || this.armed.length === 0) return out;
    const armed = this.armed.find((a) => a.path === undefined || a.path === req.path);
    if (!armed) return out;
    if (--armed.remaining === 0) this.armed.splice(this.armed.indexOf(armed), 1);
    this.served[armed.kind]++;
    const parts = split(out.body);
    if (armed.kind === 'huge') return { status: 200, headers: out.headers, stream: huge(parts, armed.bytes) };
    return { ...out, body: armed.kind === 'xxe' ? xxe(parts) : billionLaughs(parts) };
  }
}
