// What a staff member's roles open in the workbench. The server decides (docs/security.md "Who may call what"); these
// only keep the web app from offering what would answer 403.

/** Roles that work on cases (read them in their scope). Analysts see figures, not people (ADR 0011): no queues, no cases. */
export const CASE_WORK_ROLES = ['admin', 'clerk', 'reviewer', 'approver', 'supervisor'] as const

export function worksOnCases(roles: readonly string[] | null | undefined): boolean {
  return !!roles && roles.some((r) => (CASE_WORK_ROLES as readonly string[]).includes(r.toLowerCase()))
}
