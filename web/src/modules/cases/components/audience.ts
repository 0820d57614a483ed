// The case pages of the workbench (staff) and of the portal (citizen) show one case with the same components;
// staff see more of it (handlers' organisations, PDFs, send attempts), citizens see it in plain lists.
export type CaseAudience = 'staff' | 'citizen'

/** Timeline colours: staff see the step's outcome as a tag too, so their dots stay quieter. */
export function stepType(action: string, audience: CaseAudience): 'success' | 'warning' | 'danger' | 'info' | 'primary' {
  if (audience === 'staff') return action === 'pass' ? 'success' : action === 'return' ? 'warning' : 'info'
  if (action === 'pass') return 'success'
  if (action === 'return' || action === 'correct') return 'warning'
  return action === 'reject' || action === 'refuse' ? 'danger' : 'primary'
}
