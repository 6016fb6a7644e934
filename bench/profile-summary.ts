// Summarises a V8 .cpuprofile (from `--profile`, i.e. node --cpu-prof): self time by function and by
// file, and total (inclusive) time of the functions that matter, so "where does the time go" has numbers.
//
//   node --import tsx bench/profile-summary.ts bench/.profiles/<file>.cpuprofile [--top 25]
import { readFileSync } from 'node:fs';
import { intFlag, parseFlags } from './lib/report.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, ...rest] = process.argv.slice(2);
if (!file) throw new Error('usage: bench/profile-summary.ts <file.cpuprofile> [--top N]');
const top = intFlag(parseFlags(rest, { top: 'string' }), 'top', 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const self = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i] as number;
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const totalUs = profile.endTime - profile.startTime;

const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\/.*?\/node_modules\//, 'node_modules/')
    .replace(/^file:\/\/.*?\/(src|bench|test)\//, '$1/')
    .replace(/^node:/, 'node:') || '(native)';
const label = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anonymous)'}  ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
const area = (n: ProfileNode) => {
  const name = n.callFrame.functionName;
  if (!n.callFrame.url) return name.startsWith('(') ? name : `(native) ${name}`;
  const url = shortUrl(n.callFrame.url);
  const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  return m ? `node_modules/${m[1]}` : url.startsWith('node:') ? url : url;
};

const selfBy = (key: (n: ProfileNode) => string) => {
  const out = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id) as ProfileNode;
    out.set(key(n), (out.get(key(n)) ?? 0) + us);
  }
  return [...out.entries()].sort((a, b) => b[1] - a[1]);
};

// Inclusive time per function label: every sample counts once for each distinct label on its stack.
const inclusive = new Map<string, number>();
for (const [id, us] of self) {
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur) as ProfileNode);
    if (seen.has(l)) continue;
    seen.add(l);
    inclusive.set(l, (inclusive.get(l) ?? 0) + us);
  }
}

const lines: string[] = [];
const print = (line: string) => lines.push(line);
const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((us / totalUs) * 100).toFixed(1).padStart(5)}%`;
print(`${file}: ${(totalUs / 1e6).toFixed(2)} s profiled`);
print('\nSelf time by area (file or package):');
for (const [k, us] of selfBy(area).slice(0, top)) print(`${ms(us)}  ${k}`);
print('\nSelf time by function:');
for (const [k, us] of selfBy(label).slice(0, top)) print(`${ms(us)}  ${k}`);
print('\nInclusive time by function:');
for (const [k, us] of [...inclusive.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) print(`${ms(us)}  ${k}`);
process.stdout.write(`${lines.join('\n')}\n`);
