/** Opens Jaeger JSON or OTLP JSON files in the browser, without storing them on the server. */
import { useState, type DragEvent } from 'react';
import { addUploadedTraces } from '../api/uploaded-traces.js';
import type { JaegerTrace } from '../lib/jaeger-types.js';
import { parseTraceFile } from '../lib/trace-file.js';

export function UploadPanel({ onLoaded }: { onLoaded: (traces: JaegerTrace[]) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const read = async (files: FileList | null) => {
    if (files === null || files.length === 0) return;
    const all: JaegerTrace[] = [];
    for (const file of Array.from(files)) {
      const parsed = parseTraceFile(await file.text());
      if (!parsed.ok) {
        setError(`${file.name}: ${parsed.error}`);
        return;
      }
      all.push(...parsed.traces);
    }
    setError(null);
    addUploadedTraces(all);
    onLoaded(all);
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void read(e.dataTransfer.files);
  };
  return (
    <div>
      <div
        className={`dropzone ${over ? 'over' : ''}`}
        onDragOver={(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <p>Drop Jaeger JSON or OTLP JSON files here, or</p>
        <input type="file" accept=".json,.jsonl,application/json" multiple aria-label="Trace files" data-testid="upload-input" onChange={(e) => void read(e.target.files)} />
        <p className="hint">Files are read in your browser and never sent to the server.</p>
      </div>
      {error !== null && <div className="notice error" role="alert" data-testid="upload-error">{error}</div>}
    </div>
  );
}
