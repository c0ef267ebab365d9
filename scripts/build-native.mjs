#!/usr/bin/env node
// Builds the native page encoder (native/, a Node-API addon) with node-gyp, the copy that ships with npm. Runs as
// part of `npm run build` (so `npm ci` and `npm test` build it); make rebuilds only what changed. It needs python3,
// make and a C++17 compiler; where they are missing it warns and exits 0: the embedded store then encodes pages in
// JavaScript (same pages, slower; the server logs it at start).
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const native = join(dirname(fileURLToPath(import.meta.url)), '..', 'native');

/** npm sets npm_config_node_gyp for scripts it runs; otherwise look beside this Node's npm. */
function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((c) => c !== undefined && c !== '' && existsSync(c));
}

/** Node's own headers when they are installed with it, so node-gyp needs no download. */
function nodedirArgs() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = join(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

function warn(reason) {
  console.warn(`native page encoder not built (${reason}); the embedded store will encode pages in JavaScript, slower`);
  process.exit(0);
}

const gyp = findNodeGyp();
if (gyp === undefined) warn('node-gyp not found beside npm');
const run = (command) => {
  const r = spawnSync(process.execPath, [gyp, command, '--loglevel=warn', ...nodedirArgs()], { cwd: native, stdio: 'inherit' });
  if (r.status !== 0) warn(`node-gyp ${command} failed${r.error ? `: ${r.error.message}` : ''}`);
};
const makefile = join(native, 'build', 'Makefile');
if (!existsSync(makefile) || statSync(makefile).mtimeMs < statSync(join(native, 'binding.gyp')).mtimeMs) run('configure');
run('build');
