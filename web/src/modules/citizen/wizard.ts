// The online application wizard's state and the pure rules around it: what a draft holds, what
// each requirement needs, and the POST /api/cases body. Free of Vue so it is unit-tested.
import type { LibraryMaterial, MaterialInput, ReusableRequirement, SubmitCaseRequest } from '../../api/types'
import { blankResultDelivery, resultDeliveryInput, type ResultDeliveryForm } from '../cases/resultDelivery'

export const WIZARD_STEPS = ['form', 'materials', 'confirm', 'receipt'] as const
export type WizardStep = 0 | 1 | 2 | 3

export interface UploadedRef {
  fileId: string
  fileName: string
  size: number
  contentType: string
}

/** How one requirement is met: a library material (linked, not copied), a new upload, or nothing yet. */
export type MaterialChoice =
  | { mode: 'library'; libraryMaterialId: number }
  | { mode: 'certificate'; certificateId: string }
  | { mode: 'upload'; file: UploadedRef | null }
  | { mode: 'none' }

export interface ApplicationForm {
  /** 申请事项说明 */
  description: string
  /** 联系地址 */
  address: string
  /** 备注 */
  remarks: string
}

/** 本人申请, 代他人申请 (代理人, with a power of attorney) or 代企业申请 (with the enterprise's authorization). */
export type ApplyAs = 'self' | 'agent' | 'enterprise'
export const APPLY_AS: readonly ApplyAs[] = ['self', 'agent', 'enterprise']

/** The person or enterprise applied for, when it is not the logged-in citizen. */
export interface Principal {
  name: string
  idNumber: string
  creditCode: string
  mobile: string
}

/** Everything a draft keeps (PUT /api/me/drafts/{id} state). Versioned so old drafts can be read. */
export interface WizardState {
  version: 1
  step: WizardStep
  applyAs: ApplyAs
  principal: Principal
  form: ApplicationForm
  materials: Record<string, MaterialChoice>
  /** 结果领取方式: pickup at a service point (empty: the receiving one) or express to an address. */
  delivery: ResultDeliveryForm
}

export const DESCRIPTION_MAX = 500
export const ADDRESS_MAX = 200
export const REMARKS_MAX = 500

export function emptyState(): WizardState {
  return {
    version: 1,
    step: 0,
    applyAs: 'self',
    principal: { name: '', idNumber: '', creditCode: '', mobile: '' },
    form: { description: '', address: '', remarks: '' },
    materials: {},
    delivery: blankResultDelivery(),
  }
}

/** 申请表 is the online form itself: nothing to upload or reuse. */
export const isOnlineForm = (r: Pick<ReusableRequirement, 'type'>) => r.type === 'form'

/** The material types that authorize applying for someone else (mirrors the server's rule). */
export function authorizationTypes(applyAs: ApplyAs): string[] {
  return applyAs === 'enterprise' ? ['power-of-attorney', 'legal-representative-proof'] : ['power-of-attorney']
}

/** An agent's or enterprise's authorization: not needed when one applies for oneself. */
export const isAuthorization = (r: Pick<ReusableRequirement, 'materialTypeCode'>, applyAs: ApplyAs = 'enterprise') =>
  authorizationTypes(applyAs).includes(r.materialTypeCode ?? '')

/** The requirements the citizen acts on in a self-application, in the item's order. */
export function selfRequirements<R extends Pick<ReusableRequirement, 'type' | 'materialTypeCode' | 'necessity'>>(reqs: readonly R[]): R[] {
  return reqs.filter((r) => !(isAuthorization(r) && r.necessity !== 'required'))
}

/** Whether the item can be applied for on someone else's behalf online: it asks for an authorization material. */
export function supportsApplyingAs(reqs: readonly Pick<ReusableRequirement, 'materialTypeCode'>[], applyAs: ApplyAs): boolean {
  return applyAs === 'self' || reqs.some((r) => isAuthorization(r, applyAs))
}

/**
 * The requirements for this way of applying. For someone else the library offers nothing (it is the
 * applicant's library that counts, not the agent's: the server refuses another person's material),
 * and the authorization is listed as required.
 */
export function requirementsFor(reqs: readonly ReusableRequirement[], applyAs: ApplyAs): ReusableRequirement[] {
  if (applyAs === 'self') return selfRequirements(reqs)
  const auth = reqs.filter((r) => isAuthorization(r, applyAs))
  return reqs
    .filter((r) => !isAuthorization(r) || isAuthorization(r, applyAs))
    .map((r) => ({
      ...r,
      candidates: [],
      certificates: [],
      // One authorization suffices; with a single one on offer it is plainly required.
      necessity: auth.length === 1 && r === auth[0] ? 'required' : r.necessity,
    }))
}

/** For someone else: at least one authorization material must be attached. */
export function authorizationMissing(reqs: readonly ReusableRequirement[], choices: Record<string, MaterialChoice>, applyAs: ApplyAs): boolean {
  if (applyAs === 'self') return false
  return !reqs.some((r) => isAuthorization(r, applyAs) && isProvided(choices[r.requirementCode]))
}

/**
 * The starting choice for each requirement: the best library candidate when there is one (once-only:
 * nothing to upload again), otherwise an upload. Choices already made (a resumed draft) are kept if
 * they are still valid: a library material that is no longer offered (expired, revoked) falls back.
 */
export function initialChoices(reqs: readonly ReusableRequirement[], previous: Record<string, MaterialChoice> = {}): Record<string, MaterialChoice> {
  const out: Record<string, MaterialChoice> = {}
  for (const r of reqs) {
    if (isOnlineForm(r)) continue
    const prev = previous[r.requirementCode]
    const best = r.candidates[0]
    // An e-certificate of the required type is trust A (电子证照，免提交): preferred over any kept scan.
    const certificate = (r.certificates ?? [])[0]
    if (prev?.mode === 'certificate' && (r.certificates ?? []).some((c) => c.id === prev.certificateId)) out[r.requirementCode] = prev
    else if (certificate && prev?.mode !== 'upload' && prev?.mode !== 'none') out[r.requirementCode] = { mode: 'certificate', certificateId: certificate.id }
    else if (prev?.mode === 'library' && r.candidates.some((c) => c.id === prev.libraryMaterialId)) out[r.requirementCode] = prev
    else if (prev?.mode === 'upload' && prev.file) out[r.requirementCode] = prev
    else if (prev?.mode === 'none') out[r.requirementCode] = prev
    else if (best) out[r.requirementCode] = { mode: 'library', libraryMaterialId: best.id }
    else out[r.requirementCode] = { mode: 'upload', file: null }
  }
  return out
}

export function isProvided(choice: MaterialChoice | undefined): boolean {
  if (!choice) return false
  return choice.mode === 'library' || choice.mode === 'certificate' || (choice.mode === 'upload' && choice.file !== null)
}

/** Required requirements still without a material (forms never count: they are filled online). */
export function missingRequired(reqs: readonly ReusableRequirement[], choices: Record<string, MaterialChoice>): ReusableRequirement[] {
  return reqs.filter((r) => r.necessity === 'required' && !isOnlineForm(r) && !isProvided(choices[r.requirementCode]))
}

export type FormErrors = Partial<Record<keyof ApplicationForm | keyof Principal, 'required' | 'tooLong' | 'invalid'>>

/** GB 11643 check digit of an 18-character resident ID number. */
export function idNumberValid(v: string): boolean {
  const id = v.trim().toUpperCase()
  if (!/^\d{17}[\dX]$/.test(id)) return false
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = w.reduce((acc, x, i) => acc + x * Number(id[i]), 0)
  return '10X98765432'[sum % 11] === id[17]
}

export function validatePrincipal(p: Principal, applyAs: ApplyAs): FormErrors {
  const e: FormErrors = {}
  if (applyAs === 'self') return e
  if (!p.name.trim()) e.name = 'required'
  else if (p.name.trim().length > 100) e.name = 'tooLong'
  if (applyAs === 'agent') {
    if (!p.idNumber.trim()) e.idNumber = 'required'
    else if (!idNumberValid(p.idNumber)) e.idNumber = 'invalid'
  } else if (!p.creditCode.trim()) e.creditCode = 'required'
  else if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(p.creditCode.trim().toUpperCase())) e.creditCode = 'invalid'
  if (!p.mobile.trim()) e.mobile = 'required'
  else if (!/^1[3-9]\d{9}$/.test(p.mobile.replace(/\s/g, ''))) e.mobile = 'invalid'
  return e
}

export function validateForm(f: ApplicationForm): FormErrors {
  const e: FormErrors = {}
  if (!f.description.trim()) e.description = 'required'
  else if (f.description.length > DESCRIPTION_MAX) e.description = 'tooLong'
  if (!f.address.trim()) e.address = 'required'
  else if (f.address.length > ADDRESS_MAX) e.address = 'tooLong'
  if (f.remarks.length > REMARKS_MAX) e.remarks = 'tooLong'
  return e
}

/** The uploads a submission will send (for the confirmation page and the test of "zero uploads"). */
export function countUploads(choices: Record<string, MaterialChoice>): number {
  return Object.values(choices).filter((c) => c.mode === 'upload' && c.file).length
}

const emptyInput = (requirementCode: string): MaterialInput => ({ requirementCode, fileId: null, libraryMaterialId: null, certificateId: null })

/** One material input for a choice, or null when nothing is attached. */
export function materialInput(requirementCode: string, choice: MaterialChoice | undefined): MaterialInput | null {
  if (choice?.mode === 'library') return { ...emptyInput(requirementCode), libraryMaterialId: choice.libraryMaterialId }
  if (choice?.mode === 'certificate') return { ...emptyInput(requirementCode), certificateId: choice.certificateId }
  if (choice?.mode === 'upload' && choice.file) return { ...emptyInput(requirementCode), fileId: choice.file.fileId }
  return null
}

/**
 * The POST /api/cases body of a self-application: the applicant comes from the login (no
 * `applicant`), the online form stands for the 申请表 requirement (listed without a file so the case
 * shows it as submitted), each other requirement as uploaded or reused.
 */
export function buildSubmission(
  itemCode: string,
  reqs: readonly ReusableRequirement[],
  state: WizardState,
  draftId?: string | null,
  /** The logged-in citizen's name: the 经办人 of an enterprise application. */
  contactName?: string | null,
): SubmitCaseRequest {
  const materials: MaterialInput[] = []
  for (const r of reqs) {
    if (isOnlineForm(r)) {
      materials.push(emptyInput(r.requirementCode))
      continue
    }
    const m = materialInput(r.requirementCode, state.materials[r.requirementCode])
    if (m) materials.push(m)
  }
  const form: Record<string, string> = { description: state.form.description.trim(), address: state.form.address.trim() }
  if (state.form.remarks.trim()) form.remarks = state.form.remarks.trim()
  const p = state.principal
  const applicant: SubmitCaseRequest['applicant'] =
    state.applyAs === 'agent'
      ? { kind: 'person', name: p.name.trim(), idNumber: p.idNumber.trim().toUpperCase(), creditCode: null, mobile: p.mobile.replace(/\s/g, ''), contactName: null }
      : state.applyAs === 'enterprise'
        ? { kind: 'enterprise', name: p.name.trim(), idNumber: null, creditCode: p.creditCode.trim().toUpperCase(), mobile: p.mobile.replace(/\s/g, ''), contactName: contactName ?? null }
        : null
  const body: SubmitCaseRequest = {
    itemCode,
    channel: 'online',
    servicePointCode: null,
    windowCode: null,
    applicant,
    form,
    materials,
    resultDelivery: resultDeliveryInput(state.delivery),
  }
  if (draftId) body.draftId = draftId
  return body
}

/**
 * One Idempotency-Key per submission attempt: the same body keeps its key across retries (a lost
 * answer re-sent returns the same case), a changed body gets a new one (the server refuses a known
 * key with another body).
 */
export class SubmissionKey {
  private key: string | null = null
  private body: string | null = null
  private readonly make: () => string
  constructor(make: () => string) {
    this.make = make
  }

  for(body: unknown): string {
    const json = JSON.stringify(body)
    if (this.key === null || this.body !== json) {
      this.key = this.make()
      this.body = json
    }
    return this.key
  }

  /** After success: the next application starts afresh. */
  reset(): void {
    this.key = null
    this.body = null
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '')

function parseChoice(v: unknown): MaterialChoice | null {
  if (!isRecord(v)) return null
  if (v.mode === 'library' && typeof v.libraryMaterialId === 'number' && Number.isInteger(v.libraryMaterialId)) return { mode: 'library', libraryMaterialId: v.libraryMaterialId }
  if (v.mode === 'none') return { mode: 'none' }
  if (v.mode === 'certificate' && typeof v.certificateId === 'string' && v.certificateId) return { mode: 'certificate', certificateId: v.certificateId.slice(0, 64) }
  if (v.mode === 'upload') {
    const f = v.file
    if (isRecord(f) && typeof f.fileId === 'string' && f.fileId) {
      return {
        mode: 'upload',
        file: { fileId: f.fileId, fileName: str(f.fileName, 255), size: typeof f.size === 'number' ? f.size : 0, contentType: str(f.contentType, 100) },
      }
    }
    return { mode: 'upload', file: null }
  }
  return null
}

/** A draft's state as saved by any earlier version of this page (or garbage): what can be used of it. */
export function parseDraftState(raw: unknown): WizardState {
  const s = emptyState()
  if (!isRecord(raw)) return s
  const step = raw.step
  // A draft never reopens on the receipt: that page only exists after a submission.
  if (step === 0 || step === 1 || step === 2) s.step = step
  if (raw.applyAs === 'agent' || raw.applyAs === 'enterprise') s.applyAs = raw.applyAs
  if (isRecord(raw.principal)) {
    s.principal.name = str(raw.principal.name, 100)
    s.principal.idNumber = str(raw.principal.idNumber, 18)
    s.principal.creditCode = str(raw.principal.creditCode, 18)
    s.principal.mobile = str(raw.principal.mobile, 20)
  }
  if (isRecord(raw.form)) {
    s.form.description = str(raw.form.description, DESCRIPTION_MAX)
    s.form.address = str(raw.form.address, ADDRESS_MAX)
    s.form.remarks = str(raw.form.remarks, REMARKS_MAX)
  }
  if (isRecord(raw.delivery)) {
    s.delivery.method = raw.delivery.method === 'express' ? 'express' : 'pickup'
    s.delivery.pointCode = str(raw.delivery.pointCode, 32)
    s.delivery.town = str(raw.delivery.town, 20)
    s.delivery.detail = str(raw.delivery.detail, ADDRESS_MAX)
    s.delivery.recipientName = str(raw.delivery.recipientName, 50)
    s.delivery.recipientMobile = str(raw.delivery.recipientMobile, 20)
  }
  if (isRecord(raw.materials)) {
    for (const [code, v] of Object.entries(raw.materials)) {
      const c = parseChoice(v)
      if (c) s.materials[code] = c
    }
  }
  return s
}

/** What is saved: the state without the receipt step. */
export function draftState(state: WizardState): WizardState {
  return { ...state, step: (state.step === 3 ? 2 : state.step) as WizardStep }
}


/** Which candidate a library choice names, if it is still offered. */
export function chosenCandidate(r: ReusableRequirement, choice: MaterialChoice | undefined): LibraryMaterial | undefined {
  return choice?.mode === 'library' ? r.candidates.find((c) => c.id === choice.libraryMaterialId) : undefined
}

/** Client-made draft id (the server takes a GUID from the client). */
export function newDraftId(): string {
  const c = globalThis.crypto
  if (c && typeof c.randomUUID === 'function') return c.randomUUID()
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('')
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(Math.random() * 4)]}${hex(3)}-${hex(12)}`
}

/** yyyy-MM-dd of validUntil, or null for 长期有效. */
export function validityText(validUntil: string | null | undefined): string | null {
  return validUntil ? validUntil.slice(0, 10) : null
}

/** The statuses in which the applicant may still withdraw (before a decision; mirrors the server). */
export const WITHDRAWABLE = ['submitted', 'preReviewing', 'correctionRequested', 'accepted', 'inReview', 'suspended'] as const

export function canWithdraw(status: string): boolean {
  return (WITHDRAWABLE as readonly string[]).includes(status)
}

/** The latest correction notice still waiting for the applicant's supplement, if the case is waiting for one. */
export function pendingNotice<N extends { sequence: number; supplementedAt: string | null }>(status: string, notices: readonly N[]): N | null {
  if (status !== 'correctionRequested' || notices.length === 0) return null
  const latest = notices.reduce((a, b) => (b.sequence > a.sequence ? b : a))
  return latest.supplementedAt ? null : latest
}

/** Countdown for 获取验证码: whole seconds left until `until` (ms epoch), never negative. */
export function secondsLeft(until: number, now: number): number {
  return Math.max(0, Math.ceil((until - now) / 1000))
}

/**
 * Where a case material came from, as far as the case view tells: `online` (the online form, no file),
 * `reused` (linked to a library material first kept by another case), `kept` (uploaded with this
 * case and kept in the library) or `upload` (a file, not in the library). The case view links both
 * reused and newly kept uploads to the library, so the library's first case tells them apart.
 */
export type MaterialOrigin = 'online' | 'reused' | 'kept' | 'upload'

export function materialOrigin(
  m: { fileId: string | null; libraryMaterialId: number | null; certificateId?: string | null },
  caseNumber: string,
  firstCaseOf: ReadonlyMap<number, string | null>,
): MaterialOrigin {
  if (!m.fileId && m.libraryMaterialId === null) return 'online'
  if (m.libraryMaterialId === null) return 'upload'
  const first = firstCaseOf.get(m.libraryMaterialId)
  return first && first !== caseNumber ? 'reused' : 'kept'
}
