/**
 * What a transcoding thread (transcode-worker.ts, transcode-helper.ts) made since its last hand-over, and the hand-over
 * to the main thread with the counts the receiver's metrics need.
 *
 * The requests are concatenated, which makes them one `ExportTraceServiceRequest` (see encoded-spans.ts), written into
 * the thread's ring shared with the main thread (byte-ring.ts) or, when the main thread still holds too much of it,
 * into a buffer that is transferred. A hand-over happens when `maxSpans` (the agent's `max_batch_spans`) are waiting,
 * so that under load each one is a full export request the forwarder sends as it is, or `lingerMs` after the first
 * waiting span (the agent's `batch_timeout`). Thousands of small hand-overs a second, one per event-loop turn, used to
 * leave the main thread that many buffers and objects to collect.
 */
import type { MessagePort } from 'node:worker_threads';
import { MAX_DATAGRAM_BYTES } from '../receivers/jaeger/index.js';
import { ProtobufWriter } from '../translate/index.js';
import { RingWriter, type SharedRing } from './byte-ring.js';
import type { DatagramAppender } from './datagram-encoders.js';

/**
 * What was transcoded since the last hand-over: one request of `length` bytes (0 when only counts are told), in the
 * ring at `position`, or in `bytes` (transferred) when `position` is -1.
 */
export interface TranscodedBatch {
  type: 'batch';
  position: number;
  length: number;
  bytes: ArrayBuffer | undefined;
  spanCount: number;
  badDatagrams: number;
  tooLarge: number;
  rejectedSpans: number;
}

export interface HandOverPolicy {
  /** Spans waiting that trigger a hand-over. */
  maxSpans: number;
  /** Longest the first waiting span waits, ms. */
  lingerMs: number;
}

/** Bytes waiting that trigger a hand-over whatever the span count (well under the 4 MiB export message limit). */
const MAX_BYTES = 2 * 1024 * 1024;

/** Collects transcoded datagrams and hands them to the main thread (`to`) as `policy` says, or on `flush`. */
export class TranscodeOutput {
  /** The requests since the last hand-over, back to back (appended without a buffer per datagram). */
  private readonly requests = new ProtobufWriter();
  private spanCount = 0;
  private badDatagrams = 0;
  private tooLarge = 0;
  private rejectedSpans = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly ring: RingWriter;

  constructor(
    private readonly append: DatagramAppender,
    private readonly to: MessagePort,
    private readonly policy: HandOverPolicy,
    ring: SharedRing,
  ) {
    this.ring = new RingWriter(ring);
  }

  /** Transcodes one datagram (`msg` may be a view into a larger buffer); its output leaves with the next hand-over. */
  add(msg: Buffer): void {
    if (msg.byteLength > MAX_DATAGRAM_BYTES) {
      this.tooLarge++;
    } else {
      const at = this.requests.pos;
      let r: ReturnType<DatagramAppender>;
      try {
        r = this.append(msg, this.requests);
      } catch {
        r = { ok: false, error: 'decoder failed unexpectedly' };
      }
      if (!r.ok) {
        this.requests.pos = at;
        this.badDatagrams++;
      } else {
        this.rejectedSpans += r.rejectedSpans;
        this.spanCount += r.spanCount;
      }
    }
    if (this.spanCount >= this.policy.maxSpans || this.requests.pos >= MAX_BYTES) this.flush();
    else this.timer ??= setTimeout(this.onTimer, this.policy.lingerMs);
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    this.flush();
  };

  /** Hands over what was collected (nothing when there is nothing to tell). */
  flush(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const length = this.requests.pos;
    if (length === 0 && this.badDatagrams === 0 && this.tooLarge === 0 && this.rejectedSpans === 0) return;
    const { position, target, offset, transfer } = this.ring.place(length);
    target.set(this.requests.written(), offset);
    const message: TranscodedBatch = {
      type: 'batch', position, length, bytes: transfer, spanCount: this.spanCount,
      badDatagrams: this.badDatagrams, tooLarge: this.tooLarge, rejectedSpans: this.rejectedSpans,
    };
    this.to.postMessage(message, transfer === undefined ? [] : [transfer]);
    this.requests.reset();
    this.spanCount = 0;
    this.badDatagrams = 0;
    this.tooLarge = 0;
    this.rejectedSpans = 0;
  }
}
