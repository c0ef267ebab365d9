/**
 * Startup: turns the segment files found in the data directory into sealed segments. A log whose index is present,
 * intact and covers the whole log is used as is. Any other log (the one being written when the process stopped, or a
 * crash cut short) is scanned: a torn or corrupt tail is truncated away, then its index is written. Logs with no page
 * left are deleted.
 */
import { rmSync, statSync, truncateSync } from 'node:fs';
import type { Logger } from '../../telemetry/index.js';
import type { OperationCatalog } from './operation-catalog.js';
import { readSegmentContents } from './segment-contents.js';
import { readSegmentIndex, writeSegmentIndex, type SealedIndex } from './segment-index-file.js';
import { Segment } from './segment.js';
import type { StoreDirectory } from './store-directory.js';

export interface RecoveryReport {
  segments: Segment[];
  /** Bytes cut from torn log tails. */
  truncatedBytes: number;
  rebuiltIndexes: number;
}

export function openExistingSegments(dir: StoreDirectory, catalog: OperationCatalog, logger: Logger | undefined): RecoveryReport {
  for (const seq of dir.orphanIndexes) rmSync(dir.idxPath(seq), { force: true });
  const report: RecoveryReport = { segments: [], truncatedBytes: 0, rebuiltIndexes: 0 };
  for (const seq of dir.logs) {
    const logPath = dir.logPath(seq);
    const idxPath = dir.idxPath(seq);
    const logStat = statSync(logPath);
    let index = tryReadIndex(idxPath, logStat.size);
    if (index === undefined) {
      const { contents, validLength, fileLength } = readSegmentContents(logPath);
      if (validLength < fileLength) {
        truncateSync(logPath, validLength);
        report.truncatedBytes += fileLength - validLength;
        logger?.warn({ segment: logPath, keptBytes: validLength, cutBytes: fileLength - validLength }, 'storage: cut a torn tail off a segment log');
      }
      if (contents.pages.count === 0) {
        rmSync(logPath, { force: true });
        rmSync(idxPath, { force: true });
        continue;
      }
      writeSegmentIndex(idxPath, contents, validLength, Math.floor(logStat.mtimeMs));
      report.rebuiltIndexes++;
      index = readSegmentIndex(idxPath);
    }
    for (const entry of index.catalog) catalog.define(entry);
    catalog.retain(index.ops);
    report.segments.push(new Segment(seq, logPath, idxPath, { index, lastWriteMs: index.sealedAtMs }));
  }
  if (report.rebuiltIndexes > 0 || dir.orphanIndexes.length > 0) dir.syncEntries();
  return report;
}

function tryReadIndex(idxPath: string, logSize: number): SealedIndex | undefined {
  try {
    const index = readSegmentIndex(idxPath);
    return index.logSize === logSize ? index : undefined;
  } catch {
    return undefined;
  }
}
