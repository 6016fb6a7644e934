#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so that a clone needs no build step.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
// V8 lets the old generation grow to about four times the live heap when the heap limit is large (the
// default is a quarter of physical memory, up to 4 GB). A sync allocates ~10 MB per page but keeps only
// 25-30 MB live, so its heap peaked at 130-190 MB; with a 1 GB limit V8 collects at 65-80 MB, for ~110 MB
// less RSS at no measurable CPU cost (docs/benchmarks.md). First, so that the operator's NODE_OPTIONS wins.
const nodeOptions = ['--max-old-space-size=1024', process.env.NODE_OPTIONS].filter(Boolean).join(' ');
const result = spawnSync(process.execPath, [tsx, join(root, 'src', 'cli', 'main.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: nodeOptions },
});
process.exit(result.status ?? 1);
