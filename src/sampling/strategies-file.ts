/**
 * Jaeger's sampling strategies file (`--sampling.strategies-file`, v2 `remote_sampling.file.path`), parsed and
 * validated. The format:
 *
 * ```json
 * { "default_strategy": { "type": "probabilistic", "param": 0.5,
 *     "operation_strategies": [{ "operation": "/health", "type": "probabilistic", "param": 0.0 }] },
 *   "service_strategies": [
 *     { "service": "foo", "type": "probabilistic", "param": 0.8, "operation_strategies": [ … ] },
 *     { "service": "bar", "type": "ratelimiting", "param": 5 } ] }
 * ```
 *
 * `type` is `probabilistic` (`param` a probability 0..1) or `ratelimiting` (`param` traces per second, truncated to an
 * integer). Other types are accepted here and resolved to the default strategy with a warning, as Jaeger does; so are
 * unknown keys (ignored). Errors name the JSON path, e.g. `service_strategies[1].param`.
 */
import { z } from 'zod';

export interface FileStrategy {
  readonly type: string;
  readonly param: number;
}

export interface FileOperationStrategy extends FileStrategy {
  readonly operation: string;
}

export interface FileServiceStrategy extends FileStrategy {
  readonly service: string;
  readonly operation_strategies: readonly FileOperationStrategy[];
}

export interface FileDefaultStrategy extends FileStrategy {
  readonly operation_strategies: readonly FileOperationStrategy[];
}

export interface StrategiesFile {
  readonly default_strategy: FileDefaultStrategy | undefined;
  readonly service_strategies: readonly FileServiceStrategy[];
}

export type StrategiesFileParseResult = { ok: true; strategies: StrategiesFile } | { ok: false; errors: string[] };

/** Largest `ratelimiting` param: the wire field is an int32. */
export const MAX_TRACES_PER_SECOND = 2_147_483_647;

const strategyFields = {
  type: z.string({ error: 'must be a string: "probabilistic" or "ratelimiting"' }),
  param: z.number({ error: 'must be a number' }),
};

const checkParam = (s: { type: string; param: number }, ctx: z.RefinementCtx): void => {
  if (s.type === 'probabilistic' && !(s.param >= 0 && s.param <= 1)) {
    ctx.addIssue({ code: 'custom', path: ['param'], message: `${s.param} is not a probability; use a number from 0 to 1` });
  } else if (s.type === 'ratelimiting' && !(s.param >= 0 && s.param <= MAX_TRACES_PER_SECOND)) {
    ctx.addIssue({
      code: 'custom',
      path: ['param'],
      message: `${s.param} is not a rate limit; use traces per second from 0 to ${MAX_TRACES_PER_SECOND}`,
    });
  }
};

const operationStrategy = z
  .object({ operation: z.string({ error: 'must be a string naming the operation (span name)' }), ...strategyFields })
  .superRefine(checkParam);

const operationStrategies = z
  .array(operationStrategy, { error: 'must be a list of {operation, type, param} objects' })
  .nullish()
  .transform((v) => v ?? []);

const serviceStrategy = z
  .object({
    service: z.string({ error: 'must be a string naming the service' }).min(1, { error: 'must not be empty' }),
    ...strategyFields,
    operation_strategies: operationStrategies,
  })
  .superRefine(checkParam);

const defaultStrategy = z.object({ ...strategyFields, operation_strategies: operationStrategies }).superRefine(checkParam);

const strategiesFileSchema = z
  .object(
    {
      default_strategy: defaultStrategy.nullish().transform((v) => v ?? undefined),
      service_strategies: z
        .array(serviceStrategy, { error: 'must be a list of {service, type, param} objects' })
        .nullish()
        .transform((v) => v ?? []),
    },
    { error: 'the top level must be an object with default_strategy and/or service_strategies' },
  )
  .nullable()
  .transform((v) => v ?? { default_strategy: undefined, service_strategies: [] });

/** Parses the text of a strategies file. Every problem is reported, each prefixed with its JSON path. */
export function parseStrategiesFile(text: string): StrategiesFileParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [`not valid JSON: ${(err as Error).message}`] };
  }
  const parsed = strategiesFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map(formatIssue) };
  return { ok: true, strategies: parsed.data };
}

function formatIssue(issue: z.core.$ZodIssue): string {
  let path = '';
  for (const key of issue.path) path += typeof key === 'number' ? `[${key}]` : path === '' ? String(key) : `.${String(key)}`;
  return `${path === '' ? '(top level)' : path}: ${issue.message}`;
}
