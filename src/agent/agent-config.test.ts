/** The `agent:` config section as users set it: YAML defaults, Jaeger's env names and flags, and validation errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FLAG_KEYS, loadConfig } from '../config/index.js';

test('defaults: one local collector, 5778 sampling, Jaeger UDP ports', () => {
  const r = loadConfig({ file: undefined, env: {}, flags: [] });
  assert.ok(r.ok);
  assert.deepEqual(r.config.agent.collectors, ['127.0.0.1:4317']);
  assert.equal(r.config.sampling.http.port, 5778, 'the agent serves sampling on the same key as the other roles');
  assert.equal(r.config.agent.send_timeout, 5_000);
  assert.equal(r.config.agent.batch_timeout, 200, 'as the OpenTelemetry Collector batch processor');
  assert.deepEqual(r.config.agent.tags, {});
  assert.equal(r.config.receivers.jaeger.thrift_compact.port, 6831);
});

test("Jaeger agent env names: REPORTER_GRPC_HOST_PORT (comma list) and AGENT_TAGS; ARIADNE_* wins", () => {
  const env = {
    REPORTER_GRPC_HOST_PORT: 'c1:4317, dns:///collector-headless.tracing.svc:4317',
    AGENT_TAGS: 'pod.name=${POD_NAME:unknown},cluster=prod',
    JAEGER_TAGS: 'ignored=because-AGENT_TAGS-is-set',
  };
  const r = loadConfig({ file: undefined, env, flags: [] });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  assert.deepEqual(r.config.agent.collectors, ['c1:4317', 'dns:///collector-headless.tracing.svc:4317']);
  assert.deepEqual(r.config.agent.tags, { 'pod.name': '${POD_NAME:unknown}', cluster: 'prod' });
  const own = loadConfig({ file: undefined, env: { ...env, ARIADNE_AGENT_COLLECTORS: 'mine:4317' }, flags: [] });
  assert.ok(own.ok);
  assert.deepEqual(own.config.agent.collectors, ['mine:4317']);
});

test("Jaeger's agent flags map to the agent keys", () => {
  assert.equal(FLAG_KEYS['reporter.grpc.host-port'], 'agent.collectors');
  assert.equal(FLAG_KEYS['agent.tags'], 'agent.tags');
  const r = loadConfig({ file: undefined, env: {}, flags: [[FLAG_KEYS['agent.tags']!, 'a=1,b=${B:2}']] });
  assert.ok(r.ok);
  assert.deepEqual(r.config.agent.tags, { a: '1', b: '${B:2}' });
});

test('bad collector addresses and tags are reported with their key path', () => {
  const r = loadConfig({ file: undefined, env: { REPORTER_GRPC_HOST_PORT: 'http://c1:4317', AGENT_TAGS: 'novalue' }, flags: [] });
  assert.ok(!r.ok);
  assert.ok(r.errors.some((e) => /^agent\.collectors: .*http:\/\/c1:4317.*host:port/.test(e)), r.errors.join('\n'));
  assert.ok(r.errors.some((e) => /^agent\.tags: "novalue" is not key=value/.test(e)), r.errors.join('\n'));
});

test('agent.batch_timeout: a duration, 0s sends at once, anything else is an error naming the key', () => {
  const zero = loadConfig({ file: undefined, env: {}, flags: [['agent.batch_timeout', '0s']] });
  assert.ok(zero.ok);
  assert.equal(zero.config.agent.batch_timeout, 0);
  const bad = loadConfig({ file: undefined, env: {}, flags: [['agent.batch_timeout', 'soon']] });
  assert.ok(!bad.ok);
  assert.ok(bad.errors.some((e) => e.startsWith('agent.batch_timeout: ')), bad.errors.join('\n'));
});
