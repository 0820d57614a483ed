// The contract between the case action dialog and each action's form. A form owns its fields and checks;
// the dialog owns what every action shares: the title, Enter to submit, the busy state, the server's 400s
// (the fields the forms show next to an input; the others are toasted).
import type { CaseDto, ItemGuide } from '../../../api/types'

/** Field errors by the server's key (reason, tolerance.commitDueDate, corrections[0].reason …). */
export type FieldErrors = Record<string, string>

export interface ActionFormProps {
  current: CaseDto
  guide: ItemGuide | null
  errors: FieldErrors
}

/**
 * What a submit makes of the form: the field errors the server would answer anyway, or the typed call to make.
 * The call is built by the form, so its body is checked against that action's request type.
 */
export type Submission = { errors: FieldErrors; send?: undefined } | { errors?: undefined; send: () => Promise<CaseDto> }

export interface ActionForm {
  submission(): Submission
}

/** The first message among the keys (a field's own key first, then its parent's). */
export function firstError(errors: FieldErrors, ...keys: string[]): string {
  for (const k of keys) if (errors[k]) return errors[k]
  return ''
}

/** Valid when nothing was found wrong: then the call is made. */
export function submissionOf(errors: FieldErrors, send: () => Promise<CaseDto>): Submission {
  return Object.keys(errors).length ? { errors } : { send }
}

export const trimmedOrNull = (s: string) => s.trim() || null
