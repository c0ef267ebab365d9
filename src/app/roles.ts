/**
 * Roles: one binary runs any of them. A role is the set of components it starts; all-in-one is all of them in one
 * process, running the same code as the scaled-out deployment.
 */
export const ROLES = ['all-in-one', 'collector', 'query', 'agent'] as const;
export type Role = (typeof ROLES)[number];

export interface RoleTraits {
  /** Runs receivers and the span pipeline. */
  ingests: boolean;
  /** Serves the query API and UI. */
  serves: boolean;
  defaultAdminPort: number;
  summary: string;
}

export const ROLE_TRAITS: Readonly<Record<Role, RoleTraits>> = {
  'all-in-one': {
    ingests: true,
    serves: true,
    defaultAdminPort: 14269,
    summary: 'receivers, pipeline, storage and the query service in one process',
  },
  collector: {
    ingests: true,
    serves: false,
    defaultAdminPort: 14269,
    summary: 'receivers and the span pipeline writing to storage',
  },
  query: {
    ingests: false,
    serves: true,
    defaultAdminPort: 16687,
    summary: 'the query API and web UI reading from storage',
  },
  agent: {
    // Runs no storage, query or OTLP receivers: Jaeger UDP in, OTLP gRPC out to collectors (src/agent/).
    ingests: false,
    serves: false,
    defaultAdminPort: 14271,
    summary: 'Jaeger UDP (6831/6832) and sampling (5778) next to the application, forwarding to collectors',
  },
};

export function isRole(name: string): name is Role {
  return (ROLES as readonly string[]).includes(name);
}
