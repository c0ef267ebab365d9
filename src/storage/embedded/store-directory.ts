/**
 * The data directory: segment files named `seg-<sequence>.log` and `seg-<sequence>.idx`, and a `LOCK` file holding
 * the pid of the process using it, so two servers never write the same directory. A lock left by a process that no
 * longer runs (a crash) is taken over.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StorageError } from '../api/index.js';

const SEGMENT_FILE = /^seg-(\d{12})\.(log|idx)$/;
/** Directories this process has open: a second store on one of them would corrupt it. */
const openHere = new Set<string>();

export interface StoreDirectory {
  readonly path: string;
  /** Sequences of the segment logs present, ascending. */
  readonly logs: number[];
  /** Sequences of index files without a log (left by a deletion cut short). */
  readonly orphanIndexes: number[];
  logPath(seq: number): string;
  idxPath(seq: number): string;
  /** Makes new and removed directory entries durable. */
  syncEntries(): void;
  release(): void;
}

export function openStoreDirectory(path: string): StoreDirectory {
  try {
    mkdirSync(path, { recursive: true });
  } catch (err) {
    throw new StorageError('data_dir_unusable', `cannot create the data directory ${path} (storage.data_dir): ${(err as Error).message}`, {
      retryable: false,
      cause: err,
    });
  }
  const lockPath = join(path, 'LOCK');
  const key = realpathSync(path);
  if (openHere.has(key)) {
    throw new StorageError('data_dir_locked', `the data directory ${path} is already open in this process`, { retryable: false });
  }
  takeLock(lockPath);
  openHere.add(key);
  const logs: number[] = [];
  const idx = new Set<number>();
  for (const name of readdirSync(path)) {
    if (name.endsWith('.tmp')) {
      rmSync(join(path, name), { force: true });
      continue;
    }
    const m = SEGMENT_FILE.exec(name);
    if (m === null) continue;
    const seq = Number(m[1]);
    if (m[2] === 'log') logs.push(seq);
    else idx.add(seq);
  }
  logs.sort((a, b) => a - b);
  for (const seq of logs) idx.delete(seq);
  const name = (seq: number, ext: string): string => join(path, `seg-${String(seq).padStart(12, '0')}.${ext}`);
  return {
    path,
    logs,
    orphanIndexes: [...idx],
    logPath: (seq) => name(seq, 'log'),
    idxPath: (seq) => name(seq, 'idx'),
    syncEntries(): void {
      const fd = openSync(path, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
    release(): void {
      openHere.delete(key);
      try {
        if (readFileSync(lockPath, 'utf8').trim() === String(process.pid)) unlinkSync(lockPath);
      } catch {
        // Already gone.
      }
    },
  };
}

function takeLock(lockPath: string): void {
  let holder: number | undefined;
  try {
    holder = Number(readFileSync(lockPath, 'utf8').trim());
  } catch {
    holder = undefined;
  }
  if (holder !== undefined && Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) {
    throw new StorageError(
      'data_dir_locked',
      `the data directory is in use by process ${holder} (${lockPath}); stop it or point storage.data_dir elsewhere`,
      { retryable: false },
    );
  }
  writeFileSync(lockPath, String(process.pid));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
