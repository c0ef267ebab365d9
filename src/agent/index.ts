export { startAgent } from './start-agent.js';
export type { RunningAgent, StartAgentOptions } from './start-agent.js';
export { createOtlpForwarder, OTLP_EXPORT_PATH } from './otlp-forwarder.js';
export type { OtlpForwarder, OtlpForwarderOptions } from './otlp-forwarder.js';
export { createRemoteStrategyProvider, defaultSamplingUrl } from './remote-strategy-provider.js';
export type { RemoteStrategyProviderOptions } from './remote-strategy-provider.js';
export { resolveAgentTags } from './agent-tags.js';
export { agentMetrics } from './agent-metrics.js';
export type { AgentDropReason, AgentMetrics } from './agent-metrics.js';
