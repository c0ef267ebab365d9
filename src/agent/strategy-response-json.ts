/**
 * Reads a sampling strategy served by a collector's `GET /api/sampling?service=` into the model the agent serves
 * again. Accepts Jaeger's proto3 JSON form (enum names) and the legacy Thrift JSON form (enum numbers); numbers a
 * proto3 encoder left out because they are zero are read as zero.
 */
import type {
  OperationSamplingStrategy,
  PerOperationSampling,
  SamplingStrategyResponse,
} from '../sampling/index.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The strategy, or an Error saying what is wrong with the document. */
export function parseStrategyResponseJson(text: string): SamplingStrategyResponse | Error {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return new Error('the response is not JSON');
  }
  if (!isObject(doc)) return new Error('the response is not a JSON object');
  const type = doc['strategyType'] ?? 'PROBABILISTIC';
  const strategyType =
    type === 'PROBABILISTIC' || type === 0 ? 'PROBABILISTIC' : type === 'RATE_LIMITING' || type === 1 ? 'RATE_LIMITING' : undefined;
  if (strategyType === undefined) return new Error(`unknown strategyType ${JSON.stringify(type)}`);
  const out: {
    strategyType: typeof strategyType;
    probabilisticSampling?: { samplingRate: number };
    rateLimitingSampling?: { maxTracesPerSecond: number };
    operationSampling?: PerOperationSampling;
  } = { strategyType };
  const p = doc['probabilisticSampling'];
  if (isObject(p)) out.probabilisticSampling = { samplingRate: num(p['samplingRate']) };
  const r = doc['rateLimitingSampling'];
  if (isObject(r)) out.rateLimitingSampling = { maxTracesPerSecond: num(r['maxTracesPerSecond']) };
  const o = doc['operationSampling'];
  if (isObject(o)) {
    const perOperation = o['perOperationStrategies'];
    const list: OperationSamplingStrategy[] = [];
    if (Array.isArray(perOperation)) {
      for (const entry of perOperation) {
        if (!isObject(entry) || typeof entry['operation'] !== 'string') continue;
        const ps = entry['probabilisticSampling'];
        list.push({ operation: entry['operation'], probabilisticSampling: { samplingRate: isObject(ps) ? num(ps['samplingRate']) : 0 } });
      }
    }
    const upper = num(o['defaultUpperBoundTracesPerSecond']);
    out.operationSampling = {
      defaultSamplingProbability: num(o['defaultSamplingProbability']),
      defaultLowerBoundTracesPerSecond: num(o['defaultLowerBoundTracesPerSecond']),
      perOperationStrategies: list,
      // Absent and 0 both mean unset (see PerOperationSampling).
      ...(upper !== 0 ? { defaultUpperBoundTracesPerSecond: upper } : {}),
    };
  }
  if (strategyType === 'PROBABILISTIC' && out.probabilisticSampling === undefined && out.operationSampling === undefined) {
    return new Error('a PROBABILISTIC strategy without probabilisticSampling or operationSampling');
  }
  if (strategyType === 'RATE_LIMITING' && out.rateLimitingSampling === undefined) {
    return new Error('a RATE_LIMITING strategy without rateLimitingSampling');
  }
  return out;
}

function num(v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return 0;
}
