/**
 * Orders a trace's spans as the web UI's waterfall shows them: depth-first pre-order, children and roots by start
 * time (ties in the given order), spans on a reference cycle after the rest, each cycle from its first span. The UI
 * works out this order itself whatever it receives; receiving it already sorted lets it skip the sorting and read the
 * details of neighbouring rows from neighbouring lines. Children are kept in one typed-array table and a sibling list
 * is sorted only when it is not in start order already.
 */
import type { UiSpan } from '../translate/jaeger-ui-json/index.js';

/** Indices into `spans` in display order; `parents[i]` is the index of span i's parent, -1 for none. */
export function uiTreeOrder(spans: readonly UiSpan[], parents: Int32Array): Int32Array {
  const n = spans.length;
  // Children of span i at kids[first[i] .. first[i + 1]); roots under the pseudo-parent n.
  const first = new Int32Array(n + 2);
  for (let i = 0; i < n; i++) first[(parents[i]! >= 0 ? parents[i]! : n) + 1]!++;
  for (let i = 0; i <= n; i++) first[i + 1]! += first[i]!;
  const kids = new Int32Array(n);
  const fill = first.slice(0, n + 1);
  for (let i = 0; i < n; i++) kids[fill[parents[i]! >= 0 ? parents[i]! : n]!++] = i;
  for (let p = 0; p <= n; p++) sortByStart(spans, kids, first[p]!, first[p + 1]!);
  const out = new Int32Array(n);
  const seen = new Uint8Array(n);
  const stack = new Int32Array(n + 1);
  let count = 0;
  const walk = (from: number, to: number, list: Int32Array) => {
    let top = 0;
    for (let r = to - 1; r >= from; r--) stack[top++] = list[r]!;
    while (top > 0) {
      const i = stack[--top]!;
      if (seen[i] === 1) continue;
      seen[i] = 1;
      out[count++] = i;
      for (let c = first[i + 1]! - 1; c >= first[i]!; c--) if (seen[kids[c]!] === 0) stack[top++] = kids[c]!;
    }
  };
  walk(first[n]!, first[n + 1]!, kids);
  const one = new Int32Array(1);
  for (let i = 0; count < n; i++) {
    if (seen[i] === 1) continue;
    one[0] = i;
    walk(0, 1, one);
  }
  return out;
}

/** Sorts kids[from, to) by start time, ties in index order, unless they are in that order already. */
function sortByStart(spans: readonly UiSpan[], kids: Int32Array, from: number, to: number): void {
  let sorted = true;
  for (let k = from + 1; k < to && sorted; k++) if (spans[kids[k]!]!.startTime < spans[kids[k - 1]!]!.startTime) sorted = false;
  if (sorted) return;
  const list = Array.from(kids.subarray(from, to));
  list.sort((a, b) => spans[a]!.startTime - spans[b]!.startTime || a - b);
  kids.set(list, from);
}
