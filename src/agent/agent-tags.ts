/**
 * Tags the agent adds to every span's resource, as Jaeger's `--agent.tags` did to every batch's process: typically
 * where the application runs (pod, node, zone), taken from the environment with `${ENV_VAR:default}`.
 */
import { stringValue, type KeyValue } from '../model/index.js';

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g;

/**
 * Expands `${ENV_VAR}` and `${ENV_VAR:default}` in each value (an unset or empty variable without a default becomes
 * ''), and returns the tags as string attributes in the given order. Tags whose value ends up empty are left out, so
 * `pod.name=${POD_NAME}` adds nothing outside Kubernetes instead of an empty tag.
 */
export function resolveAgentTags(tags: Readonly<Record<string, string>>, env: NodeJS.ProcessEnv): KeyValue[] {
  const out: KeyValue[] = [];
  for (const [key, raw] of Object.entries(tags)) {
    const value = raw.replace(ENV_REF, (_m, name: string, def: string | undefined) => {
      const v = env[name];
      return v !== undefined && v !== '' ? v : (def ?? '');
    });
    if (key !== '' && value !== '') out.push({ key, value: stringValue(value) });
  }
  return out;
}
