// Test helper for the simulator's own suites: starts a simulator and talks to it the way a client would
// (Basic credentials, either node, the generated CA trusted through an undici Agent), plus the /_sim
// control plane. XML answers are parsed with entities off. Not used by production code.
import { XMLParser } from 'fast-xml-parser';
import { Agent, fetch, type Dispatcher } from 'undici';
import {
  startCiscoFinesseSimulator,
  type CiscoFinesseSimulatorOptions,
  type FinesseCredentials,
  type RunningCiscoFinesseSimulator,
} from './index.ts';

// Replies are inspected field by field with expect(); typing every platform payload here would add
// nothing the assertions do not already check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

export const API = '/finesse/api';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed XML (ids kept as strings) or JSON; the raw text otherwise, or when it does not parse. */
  body: Loose;
}

export interface RequestOptions {
  /** Whose Basic credentials; null sends none. Default: the administrator. */
  as?: FinesseCredentials | null;
  node?: 'primary' | 'secondary';
  method?: string;
  headers?: Record<string, string>;
}

export interface TestClient {
  sim: RunningCiscoFinesseSimulator;
  api(path: string, options?: RequestOptions): Promise<Reply>;
  control(method: string, path: string, body?: unknown): Promise<Reply>;
  /** The undici dispatcher that trusts the simulator's CA (undefined over plain HTTP). */
  dispatcher: Dispatcher | undefined;
  close(): Promise<void>;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, processEntities: false });

/** The parsed document; the text itself when the parser refuses it (hostile payloads). */
function parseXml(text: string): unknown {
  try {
    return parser.parse(text);
  } catch {
    return text;
  }
}

/** An element that may occur once or many times, always as an array. */
export const list = (value: unknown): Loose[] => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]);

export const basic = (c: FinesseCredentials) => `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;

export async function reply(res: Awaited<ReturnType<typeof fetch>>): Promise<Reply> {
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') && text ? JSON.parse(text) : type.includes('xml') && text ? parseXml(text) : text;
  return { status: res.status, headers: res.headers as unknown as Headers, text, body };
}

export async function startTestClient(options: CiscoFinesseSimulatorOptions = {}): Promise<TestClient> {
  const sim = await startCiscoFinesseSimulator(options);
  const dispatcher = sim.connect.caPem ? new Agent({ connect: { ca: sim.connect.caPem } }) : undefined;
  const urlOf = (node: 'primary' | 'secondary') => (node === 'primary' ? sim.connect.primaryUrl : sim.connect.secondaryUrl);

  const send = async (url: string, method: string, headers: Record<string, string>, body?: string) =>
    reply(await fetch(url, { method, headers, body, dispatcher }));

  const api = (path: string, o: RequestOptions = {}) => {
    const who = o.as === undefined ? sim.connect.admin : o.as;
    return send(`${urlOf(o.node ?? 'primary')}${path}`, o.method ?? 'GET', { ...(who ? { authorization: basic(who) } : {}), ...o.headers });
  };
  const control = (method: string, path: string, body?: unknown) =>
    send(`${sim.baseUrl}${path}`, method, { 'content-type': 'application/json' }, body === undefined ? undefined : JSON.stringify(body));

  return {
    sim,
    api,
    control,
    dispatcher,
    close: async () => {
      await sim.close();
      await dispatcher?.close();
    },
  };
}
