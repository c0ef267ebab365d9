/** The application shell: top navigation and the client-side routes (Jaeger UI's URL scheme). */
import { ComparePage } from '../pages/compare-page.js';
import { DependenciesPage } from '../pages/dependencies-page.js';
import { SearchPage } from '../pages/search-page.js';
import { TracePage } from '../pages/trace-page.js';
import { Link, useLocation } from './router.js';
import { TopNav } from './top-nav.js';

export function App() {
  const location = useLocation();
  return (
    <div className="app">
      <TopNav path={location.path} />
      <main className="app-main">{route(location.path)}</main>
    </div>
  );
}

function route(path: string) {
  if (path === '/' || path === '/search') return <SearchPage />;
  if (path === '/dependencies') return <DependenciesPage />;
  const trace = /^\/trace\/([^/]+)\/?$/.exec(path);
  if (trace !== null) {
    const id = trace[1]!;
    const pair = id.split('...');
    if (pair.length === 2) return <ComparePage key={id} a={pair[0]!} b={pair[1]!} />;
    return <TracePage key={id} traceId={id} />;
  }
  return (
    <div className="page">
      <div className="notice empty">
        There is no page at <span className="mono">{path}</span>. Go to <Link to="/search">Search</Link> to find traces.
      </div>
    </div>
  );
}
