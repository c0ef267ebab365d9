import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig } from './load.js';

function tempFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ariadne-config-'));
  const file = join(dir, 'config.yaml');
  writeFileSync(file, text);
  return file;
}

describe('loadConfig', () => {
  test('defaults need no file', () => {
    const r = loadConfig({ file: undefined, env: {}, flags: [] });
    assert.ok(r.ok);
    assert.equal(r.config.listen_host, '127.0.0.1');
    assert.equal(r.config.receivers.otlp.grpc.port, 4317);
    assert.equal(r.config.receivers.otlp.http.port, 4318);
    assert.equal(r.config.query.port, 16686);
    assert.equal(r.config.storage.type, 'embedded');
    assert.equal(r.config.query.max_clock_skew_adjustment, 0n);
    assert.equal(r.config.shutdown.timeout, 30_000);
  });

  test('flags beat env, env beats file, file beats defaults', () => {
    const file = tempFile('storage:\n  memory:\n    max_traces: 10\npipeline:\n  workers: 3\n  queue_size: 7\n');
    const r = loadConfig({
      file,
      env: { ARIADNE_WORKERS: '5', ARIADNE_QUEUE_SIZE: '8' },
      flags: [['pipeline.queue_size', '9']],
    });
    assert.ok(r.ok);
    assert.equal(r.config.storage.memory.max_traces, 10);
    assert.equal(r.config.pipeline.workers, 5);
    assert.equal(r.config.pipeline.queue_size, 9);
  });

  test('${env:NAME:-default} is substituted in the file', () => {
    const file = tempFile('query:\n  port: ${env:QPORT:-17000}\n  base_path: ${env:BASE}\nlisten_host: ${env:HOST:-0.0.0.0}\n');
    const r = loadConfig({ file, env: { BASE: '/jaeger/' }, flags: [] });
    assert.ok(r.ok);
    assert.equal(r.config.query.port, 17000);
    assert.equal(r.config.query.base_path, '/jaeger');
    assert.equal(r.config.listen_host, '0.0.0.0');
  });

  test('every error is reported at once with its key path', () => {
    const file = tempFile(
      'receivers:\n  otlp:\n    http:\n      port: "43l8"\n    grpc:\n      prot: 1\nstorage:\n  type: cassandra\nquery:\n  max_clock_skew_adjustment: soon\n',
    );
    const r = loadConfig({ file, env: {}, flags: [] });
    assert.ok(!r.ok);
    const text = r.errors.join('\n');
    assert.match(text, /receivers\.otlp\.http\.port: "43l8" is not a port/);
    assert.match(text, /receivers\.otlp\.grpc\.prot: unknown key/);
    assert.match(text, /storage\.type: "cassandra" is not one of embedded, memory/);
    assert.match(text, /query\.max_clock_skew_adjustment: "soon" is not a duration/);
    assert.equal(r.errors.length, 4);
  });

  test('unreadable and malformed files are errors, not crashes', () => {
    const missing = loadConfig({ file: '/nonexistent/ariadne.yaml', env: {}, flags: [] });
    assert.ok(!missing.ok && /cannot read the config file/.test(missing.errors[0]!));
    const bad = loadConfig({ file: tempFile('a: [1,\n'), env: {}, flags: [] });
    assert.ok(!bad.ok && /invalid YAML/.test(bad.errors[0]!));
  });

  test('Jaeger env names work', () => {
    const r = loadConfig({ file: undefined, env: { SPAN_STORAGE_TYPE: 'memory', MEMORY_MAX_TRACES: '42' }, flags: [] });
    assert.ok(r.ok && r.config.storage.memory.max_traces === 42);
  });
});
