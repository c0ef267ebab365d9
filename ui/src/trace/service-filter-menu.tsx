/**
 * The timeline's service filter: a button showing how many services are shown, opening a list with a checkbox per
 * service (colour, span count), "only" to show one service alone, and "show all".
 */
import { useEffect, useRef, useState } from 'react';
import { serviceColor } from '../lib/service-colors.js';
import type { ServiceCount } from '../lib/trace-model.js';

interface Props {
  services: readonly ServiceCount[];
  hidden: ReadonlySet<string>;
  onChange: (hidden: Set<string>) => void;
}

export function ServiceFilterMenu({ services, hidden, onChange }: Props) {
  const [open, setOpen] = useState<{ top: number; left: number } | null>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (box.current !== null && !box.current.contains(e.target as Node)) setOpen(null);
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open]);
  const toggle = (name: string) => {
    const next = new Set(hidden);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    onChange(next);
  };
  const shown = services.length - hidden.size;
  return (
    <div className="service-filter" ref={box}>
      <button
        className={`small ${hidden.size > 0 ? 'active' : ''}`}
        // Placed in the viewport, so that the narrow name column does not clip it.
        onClick={(e) => {
          const rect = e.currentTarget.getBoundingClientRect();
          setOpen(open === null ? { top: rect.bottom + 4, left: rect.left } : null);
        }}
        aria-expanded={open !== null}
        aria-haspopup="true"
        title="Show or hide the spans of each service"
        data-testid="service-filter"
      >
        Services {shown}/{services.length}
      </button>
      {open !== null && (
        <div className="service-filter-menu" style={open} role="group" aria-label="Services shown in the timeline" data-testid="service-filter-menu" onKeyDown={(e) => { if (e.key === 'Escape') setOpen(null); }}>
          <div className="service-filter-actions">
            <button className="small" disabled={hidden.size === 0} onClick={() => onChange(new Set())}>Show all</button>
          </div>
          {services.map((s) => (
            <div key={s.name} className="service-filter-item">
              <label>
                <input type="checkbox" checked={!hidden.has(s.name)} onChange={() => toggle(s.name)} data-service={s.name} />
                <span className="swatch" style={{ background: serviceColor(s.name) }} />
                <span className="service-filter-name">{s.name}</span>
                <span className="muted">{s.count}</span>
              </label>
              <button className="small link" onClick={() => onChange(new Set(services.filter((o) => o.name !== s.name).map((o) => o.name)))} title={`Show only ${s.name}`}>
                only
              </button>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
