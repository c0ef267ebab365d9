/**
 * Attributes as a key/value table. Keys and values are always rendered as text nodes (React escapes them), never as
 * HTML, so a value like `<img src=x onerror=…>` shows literally.
 */
import { valueToText, type JaegerKeyValue } from '../lib/jaeger-types.js';

export function KeyValueTable({ items, testId }: { items: readonly JaegerKeyValue[]; testId?: string }) {
  if (items.length === 0) return <div className="muted">None</div>;
  const sorted = [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return (
    <table className="data kv" data-testid={testId}>
      <tbody>
        {sorted.map((kv, i) => (
          <tr key={`${kv.key}-${i}`}>
            <td>{kv.key}</td>
            <td title={kv.type}>{valueToText(kv.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
