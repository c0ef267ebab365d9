import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { stringValue, withResourceAttributes } from '../model/index.js';
import { resolveAgentTags } from './agent-tags.js';
import { makeBatch } from './testing/agent-fixtures.js';

describe('agent tags', () => {
  test('expands ${ENV_VAR:default} like Jaeger --agent.tags, and leaves out tags that end up empty', () => {
    const env = { POD_NAME: 'web-7f9c', HOST_IP: '', ZONE: 'eu-1' };
    const tags = resolveAgentTags(
      {
        'pod.name': '${POD_NAME:unknown}',
        'host.ip': '${HOST_IP:0.0.0.0}',
        'container.name': '${CONTAINER_NAME}',
        location: 'dc-${ZONE}/${RACK:r0}',
        cluster: 'prod',
      },
      env,
    );
    assert.deepEqual(tags, [
      { key: 'pod.name', value: stringValue('web-7f9c') },
      { key: 'host.ip', value: stringValue('0.0.0.0') },
      { key: 'location', value: stringValue('dc-eu-1/r0') },
      { key: 'cluster', value: stringValue('prod') },
    ]);
  });

  test('adds tags per resource without touching the input, the application value winning', () => {
    const batch = makeBatch('svc', 3, 1, { cluster: 'app-says' });
    const tagged = withResourceAttributes(batch, resolveAgentTags({ cluster: 'agent-says', node: 'n1' }, {}));
    assert.deepEqual(
      tagged.resourceSpans[0]!.resource.attributes.map((a) => [a.key, a.value.value]),
      [['service.name', 'svc'], ['cluster', 'app-says'], ['node', 'n1']],
    );
    assert.equal(batch.resourceSpans[0]!.resource.attributes.length, 2);
    assert.equal(tagged.resourceSpans[0]!.scopeSpans, batch.resourceSpans[0]!.scopeSpans, 'spans are shared, not copied');
    assert.equal(withResourceAttributes(batch, []), batch);
  });
});
