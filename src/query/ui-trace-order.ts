/**
 * Orders a trace's spans as the web UI's waterfall shows them: depth-first pre-order, children and roots by start
 * time (ties in the given order), spans on a reference cycle after the rest, each cycle from its first span. The UI
 * works out this order itself whatever it receives; receiving it already sorted lets it skip the sorting and read the
 * details of neighbouring rows from neighbouring lines.
 */
import type { UiSpan } from '../translate/jaeger-ui-json/index.js';

/** Indices into `spans` in display order; `parents[i]` is the index of span i's parent, -1 for none. */
export function uiTreeOrder(spans: readonly UiSpan[], parents: Int32Array): Int32Array {
  const n = spans.length;
  const children: number[][] = Array.from({ length: n + 1 }, () => []);
  for (let i = 0; i < n; i++) children[parents[i]! >= 0 ? parents[i]! : n]!.push(i);
  const byStart = (a: number, b: number) => spans[a]!.startTime - spans[b]!.startTime;
  const out = new Int32Array(n);
  let count = 0;
  const seen = new Uint8Array(n);
  const walk = (from: number[]) => {
    const stack = from.slice().reverse();
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (seen[i] === 1) continue;
      seen[i] = 1;
      out[count++] = i;
      const list = children[i]!.sort(byStart);
      for (let c = list.length - 1; c >= 0; c--) if (seen[list[c]!] === 0) stack.push(list[c]!);
    }
  };
  walk(children[n]!.sort(byStart));
  for (let i = 0; count < n; i++) if (seen[i] === 0) walk([i]);
  return out;
}
