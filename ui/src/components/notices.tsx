/** Shared status blocks: the API error (with the server's message), loading and empty states. */
import type { ReactNode } from 'react';
import { ApiError } from '../api/client.js';

export function ErrorNotice({ error, title = 'Request failed' }: { error: Error; title?: string }) {
  const status = error instanceof ApiError && error.status > 0 ? `HTTP ${error.status}: ` : '';
  return (
    <div className="notice error" role="alert" data-testid="error">
      <b>{title}</b>
      <pre>{status}{error.message}</pre>
      {error instanceof ApiError && <div className="muted mono">{error.url}</div>}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return <div className="loading" role="status">Loading {what}…</div>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="notice empty" data-testid="empty">{children}</div>;
}
