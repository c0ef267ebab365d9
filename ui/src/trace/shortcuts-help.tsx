/** The keyboard shortcuts dialog (opened with `?` or the toolbar button). */
const SHORTCUTS: Array<[string, string]> = [
  ['w / s', 'Scroll up / down (⇧ for a page)'],
  ['f / b', 'Select the next / previous visible span'],
  ['a / d, ← / →', 'Pan the time window left / right (⇧ for bigger steps)'],
  ['↑ / ↓', 'Zoom in / out (⇧ for bigger steps)'],
  [']', 'Collapse all'],
  ['[', 'Expand all'],
  ['p', 'Collapse one level'],
  ['o', 'Expand one level'],
  ['Ctrl+B or /', 'Focus the in-trace search'],
  ['Enter / ⇧Enter', 'Next / previous search match'],
  ['Esc', 'Clear the search, close the span detail or this dialog'],
  ['?', 'Show this help'],
];

export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal" role="dialog" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()} data-testid="shortcuts-help">
        <h2 style={{ marginTop: 0 }}>Keyboard shortcuts</h2>
        <table className="data">
          <tbody>
            {SHORTCUTS.map(([k, v]) => (
              <tr key={k}><td><span className="kbd">{k}</span></td><td>{v}</td></tr>
            ))}
          </tbody>
        </table>
        <div style={{ textAlign: 'right', marginTop: 12 }}><button onClick={onClose}>Close</button></div>
      </div>
    </div>
  );
}
