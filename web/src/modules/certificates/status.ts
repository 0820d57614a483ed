/** How a certificate's status reads and looks: the colour always comes with the word, never alone. */
export type CertificateStatus = 'valid' | 'revoked' | 'expired' | 'suspended' | 'unknown'

export function statusOf(status: string | null | undefined): CertificateStatus {
  return status === 'valid' || status === 'revoked' || status === 'expired' || status === 'suspended' ? status : 'unknown'
}

/** Element Plus tag type for a status. */
export function statusTagType(status: string | null | undefined): 'success' | 'danger' | 'warning' | 'info' {
  switch (statusOf(status)) {
    case 'valid':
      return 'success'
    case 'revoked':
      return 'danger'
    case 'suspended':
      return 'warning'
    default:
      return 'info'
  }
}

/** The locale key of a status' word (有效 / 已吊销 / 已过期 / 已暂停 / 未找到). */
export const statusKey = (status: string | null | undefined) => `certificates.status.${statusOf(status)}`

/** Which status changes the issuing department may make now (the server checks again). */
export function allowedVerbs(status: string | null | undefined): Array<'revoke' | 'suspend' | 'reinstate' | 'renew'> {
  switch (statusOf(status)) {
    case 'valid':
      return ['suspend', 'revoke', 'renew']
    case 'suspended':
      return ['reinstate', 'revoke']
    case 'expired':
      return ['renew', 'revoke']
    default:
      return []
  }
}

export const MAX_PURPOSE_LENGTH = 40

export interface UseCopyForm {
  purpose: string
  until: string
}

/** 加注件 form, checked as the server will: a purpose up to 40 characters, an end date from today to a year on, within the validity. */
export function useCopyErrors(form: UseCopyForm, today: string, validUntil?: string | null): Partial<Record<keyof UseCopyForm, string>> {
  const errors: Partial<Record<keyof UseCopyForm, string>> = {}
  const purpose = form.purpose.trim()
  if (!purpose) errors.purpose = 'certificates.useCopy.purposeRequired'
  else if ([...purpose].length > MAX_PURPOSE_LENGTH) errors.purpose = 'certificates.useCopy.purposeTooLong'
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.until)) errors.until = 'certificates.useCopy.untilRequired'
  else if (form.until < today) errors.until = 'certificates.useCopy.untilPast'
  else if (form.until > addYears(today, 1)) errors.until = 'certificates.useCopy.untilTooFar'
  else if (validUntil && form.until > validUntil) errors.until = 'certificates.useCopy.untilAfterValidity'
  return errors
}

function addYears(isoDate: string, years: number): string {
  return `${String(Number(isoDate.slice(0, 4)) + years).padStart(4, '0')}${isoDate.slice(4)}`
}

export interface ImportRejection {
  row: number
  errors: Record<string, string[]>
}

/** One line per rejected cell, in row then column order, for the rejected-rows table. */
export function rejectedCells(rejected: readonly ImportRejection[]): { row: number; column: string; message: string }[] {
  return [...rejected]
    .sort((a, b) => a.row - b.row)
    .flatMap((r) => Object.entries(r.errors).flatMap(([column, messages]) => messages.map((message) => ({ row: r.row, column, message }))))
}
