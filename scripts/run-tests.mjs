#!/usr/bin/env node
// Runs the compiled test files with Node's built-in test runner.
// `node scripts/run-tests.mjs [unit|e2e]`: unit = dist/src/**, e2e = dist/test/**; no argument runs both.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const which = process.argv[2];
const roots = which === 'unit' ? ['dist/src'] : which === 'e2e' ? ['dist/test'] : ['dist/src', 'dist/test'];

function collect(dir, out) {
  let names;
  try { names = readdirSync(dir); } catch { return out; }
  for (const name of names.sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

const files = roots.flatMap((root) => collect(root, []));
if (files.length === 0) {
  console.error('no test files found under ' + roots.join(', ') + ' (run `npm run build` first)');
  process.exit(1);
}
// One file at a time: end-to-end files start servers on fixed ports and the machine has two cores.
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
