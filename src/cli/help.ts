/** Help texts for `ariadne --help` and `ariadne <command> --help`. */
import { ROLE_TRAITS, ROLES, type Role } from '../app/index.js';
import { ENV_KEYS, FLAG_KEYS } from '../config/index.js';

export function mainHelp(): string {
  const roles = ROLES.map((r) => `  ${r.padEnd(12)} ${ROLE_TRAITS[r].summary}`).join('\n');
  return `Ariadne: distributed tracing, compatible with Jaeger and OpenTelemetry.

Usage: ariadne <command> [flags]

Commands:
${roles}
  validate     check a config file and list every error: ariadne validate --config FILE

Run "ariadne <command> --help" for the flags of a command.
`;
}

export function roleHelp(role: Role): string {
  const flags = Object.entries(FLAG_KEYS)
    .map(([flag, path]) => `  --${flag.padEnd(20)} sets ${path}`)
    .join('\n');
  const env = ENV_KEYS.map(([name, path]) => `  ${name.padEnd(26)} ${path}`).join('\n');
  return `ariadne ${role}: ${ROLE_TRAITS[role].summary}.

Usage: ariadne ${role} [--config FILE] [flags]

Flags (flags override environment variables, which override the config file, which overrides defaults):
  --config FILE              YAML config file (\${env:NAME:-default} is substituted)
  --set key.path=VALUE       set any config key, e.g. --set receivers.otlp.http.port=4318
${flags}

Environment variables:
${env}

${defaultPorts(role)}
`;
}

function defaultPorts(role: Role): string {
  if (role === 'agent') {
    return `Default ports: Jaeger UDP 6831 (compact) and 6832 (binary), sampling HTTP 5778, admin 14271.
Forwards to agent.collectors over OTLP gRPC (default 127.0.0.1:4317); Jaeger's --reporter.grpc.host-port and
--agent.tags (key=value,key2=\${ENV_VAR:default}) are accepted.`;
  }
  const traits = ROLE_TRAITS[role];
  const ingest = traits.ingests
    ? 'OTLP gRPC 4317, OTLP HTTP 4318, Jaeger UDP 6831/6832, Jaeger HTTP 14268, Jaeger gRPC 14250, Zipkin 9411, sampling HTTP 5778, '
    : '';
  return `Default ports: ${ingest}${traits.serves ? 'query and UI 16686, ' : ''}admin ${traits.defaultAdminPort}.`;
}

export function validateHelp(): string {
  return `ariadne validate: check a configuration without starting anything.

Usage: ariadne validate --config FILE [flags]

Exits 0 when the config (file, environment and flags together) is valid; otherwise prints every error with its key
path and exits 1.
`;
}
