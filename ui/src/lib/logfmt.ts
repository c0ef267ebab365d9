/**
 * logfmt as the search form's tag filter uses it: `key=value` pairs separated by spaces, values quoted with `"` when they
 * contain spaces or `=` (`\"` and `\\` escape inside quotes). Every pair must have a key and `=`.
 */

export type LogfmtResult = { ok: true; tags: Record<string, string> } | { ok: false; error: string };

export function parseLogfmt(text: string): LogfmtResult {
  const tags: Record<string, string> = {};
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && isSpace(text[i]!)) i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && text[i] !== '=' && !isSpace(text[i]!)) {
      if (text[i] === '"') return { ok: false, error: `unexpected quote in a key at position ${i + 1}` };
      i++;
    }
    const key = text.slice(keyStart, i);
    if (text[i] !== '=') return { ok: false, error: `"${key}" needs a value: write ${key}=value` };
    if (key === '') return { ok: false, error: `missing key before "=" at position ${i + 1}` };
    i++;
    let value = '';
    if (text[i] === '"') {
      i++;
      let closed = false;
      while (i < n) {
        const ch = text[i]!;
        if (ch === '\\' && i + 1 < n) {
          value += text[i + 1];
          i += 2;
        } else if (ch === '"') {
          closed = true;
          i++;
          break;
        } else {
          value += ch;
          i++;
        }
      }
      if (!closed) return { ok: false, error: `unterminated quote in the value of "${key}"` };
      if (i < n && !isSpace(text[i]!)) return { ok: false, error: `expected a space after the quoted value of "${key}"` };
    } else {
      const valueStart = i;
      while (i < n && !isSpace(text[i]!)) {
        if (text[i] === '"') return { ok: false, error: `a value with a quote must be quoted whole ("${key}")` };
        i++;
      }
      value = text.slice(valueStart, i);
    }
    tags[key] = value;
  }
  return { ok: true, tags };
}

/** The inverse: pairs in insertion order, values quoted when they need it. */
export function formatLogfmt(tags: Readonly<Record<string, string>>): string {
  return Object.entries(tags)
    .map(([k, v]) => `${k}=${needsQuotes(v) ? `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : v}`)
    .join(' ');
}

function needsQuotes(v: string): boolean {
  return v === '' || /[\s="\\]/.test(v);
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}
