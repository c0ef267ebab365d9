import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { runStorageConformance } from '../conformance/index.js';
import { createEmbeddedStore } from './index.js';

const root = mkdtempSync(join(tmpdir(), 'ariadne-embedded-conformance-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

runStorageConformance('embedded', () => createEmbeddedStore({ dataDir: join(root, String(n++)), fsyncIntervalMs: 0 }));
