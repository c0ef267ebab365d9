export { openStorage } from './create-storage.js';
export { createMemoryStore } from './memory/index.js';
