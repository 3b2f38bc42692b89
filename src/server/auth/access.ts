import { ROLES, type Role, type Scope } from './principal';

/** One entry of the configuration file's `access.roles`: a group's role and scope. */
export interface AccessRule {
  readonly group: string;
  readonly role: Role;
  readonly accounts?: readonly string[] | undefined;
  readonly namespaces?: readonly string[] | undefined;
}

/** Union of patterns on one axis; any entry unscoped on that axis makes the union unscoped. */
function unionAxis(values: readonly (readonly string[] | undefined)[]): readonly string[] | null {
  if (values.some((value) => value === undefined)) return null;
  return [...new Set(values.flatMap((value) => value ?? []))];
}

/**
 * A user's role and scope from their groups: the highest role among the matching entries and the
 * union of their scopes. `undefined` when no entry lists any of the groups (the user is refused).
 */
export function resolveAccess(
  rules: readonly AccessRule[],
  groups: readonly string[],
): { role: Role; scope: Scope } | undefined {
  const member = new Set(groups);
  const matching = rules.filter((rule) => member.has(rule.group));
  if (matching.length === 0) return undefined;
  const role = ROLES[Math.max(...matching.map((rule) => ROLES.indexOf(rule.role)))] as Role;
  return {
    role,
    scope: {
      accounts: unionAxis(matching.map((rule) => rule.accounts)),
      namespaces: unionAxis(matching.map((rule) => rule.namespaces)),
    },
  };
}

/** Groups from a comma-separated header value, trimmed, without empty entries. */
export function groupsFromHeader(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((group) => group.trim())
    .filter((group) => group !== '');
}
