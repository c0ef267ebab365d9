import { createMemoryStore } from './index.js';
import { runStorageConformance } from '../conformance/index.js';

runStorageConformance('memory', async () => createMemoryStore({ maxTraces: 100_000 }));
