#!/usr/bin/env node
// Runs the compiled test files with Node's built-in test runner.
// `node scripts/run-tests.mjs [unit|e2e]`: unit = dist/src/**, e2e = dist/test/**; no argument runs both.
import { existsSync, readdirSync, statSync } from 'node:fs';
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
// The web UI's browser tests drive Debian's Chromium; install it first when it is missing (needs root or sudo).
if (files.some((f) => f.includes('/test/ui/')) && !existsSync('/usr/bin/chromium')) {
  const install = spawnSync('bash', ['scripts/install-chromium.sh'], { stdio: 'inherit' });
  if (install.status !== 0) {
    console.error('could not install chromium for the browser tests (scripts/install-chromium.sh failed)');
    process.exit(1);
  }
}

// One file at a time: end-to-end files start servers on fixed ports and the machine has two cores.
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
