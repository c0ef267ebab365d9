export { startRole } from './start-role.js';
export type { RunningRole } from './start-role.js';
export { isRole, ROLE_TRAITS, ROLES } from './roles.js';
export type { Role, RoleTraits } from './roles.js';
export { VERSION } from './version.js';
