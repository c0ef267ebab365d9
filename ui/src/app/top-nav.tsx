/** Top navigation: pages, lookup by trace id (works from every page), theme toggle and keyboard help. */
import { useState, type FormEvent } from 'react';
import { Link, navigate } from './router.js';
import { applyTheme, type Theme } from './theme.js';

export function TopNav({ path }: { path: string }) {
  const [lookup, setLookup] = useState('');
  const [theme, setTheme] = useState<Theme>(() => (document.documentElement.dataset['theme'] as Theme) ?? 'light');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const id = lookup.trim();
    if (id !== '') navigate(`/trace/${encodeURIComponent(id)}`);
    setLookup('');
  };
  const toggleTheme = () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    applyTheme(next);
    setTheme(next);
  };
  const active = (p: string) => (path === p || (p === '/search' && path === '/') ? 'active' : '');
  return (
    <nav className="nav">
      <Link to="/search" className="nav-brand" aria-label="Ariadne home">
        <svg width="22" height="22" viewBox="0 0 32 32" aria-hidden="true">
          <rect width="32" height="32" rx="6" fill="var(--accent)" />
          <path d="M6 9h14M10 16h16M8 23h10" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
        </svg>
        Ariadne
      </Link>
      <div className="nav-links">
        <Link to="/search" className={active('/search')}>Search</Link>
        <Link to="/dependencies" className={active('/dependencies')}>Dependencies</Link>
      </div>
      <div className="nav-spacer" />
      <form onSubmit={submit} role="search">
        <input
          aria-label="Lookup by trace ID"
          placeholder="Lookup by trace ID…"
          value={lookup}
          onChange={(e) => setLookup(e.target.value)}
          data-testid="trace-lookup"
        />
      </form>
      <button onClick={toggleTheme} title="Toggle light/dark theme" aria-label="Toggle theme" data-testid="theme-toggle">
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </nav>
  );
}
