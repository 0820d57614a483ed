import { describe, expect, it } from 'vitest'
import type { LibraryMaterial, ReusableRequirement } from '../../api/types'
import {
  buildSubmission,
  canWithdraw,
  countUploads,
  draftState,
  emptyState,
  initialChoices,
  materialInput,
  missingRequired,
  parseDraftState,
  pendingNotice,
  secondsLeft,
  selfRequirements,
  SubmissionKey,
  validateForm,
  type WizardState,
} from './wizard'

const idCard: LibraryMaterial = {
  id: 7,
  materialTypeCode: 'resident-id-card',
  name: '居民身份证',
  trustLevel: 'C',
  validUntil: null,
  fileId: 'f-7',
  source: 'upload',
  createdAt: '2026-11-30T10:00:00Z',
  lastUsedAt: null,
  useCount: 1,
  reuseCount: 0,
  firstCaseNumber: '350505-2026-000001',
}

const req = (code: string, type: string, extra: Partial<ReusableRequirement> = {}): ReusableRequirement => ({
  requirementCode: code,
  name: code,
  necessity: 'required',
  type,
  materialTypeCode: null,
  kept: type !== 'form',
  candidates: [],
  certificateTypeCode: null,
  certificates: [],
  ...extra,
})

const reqs: ReusableRequirement[] = [
  req('M01', 'certificate', { materialTypeCode: 'resident-id-card', candidates: [idCard] }),
  req('M02', 'form', { materialTypeCode: 'application-form' }),
  req('M03', 'document'),
  req('M04', 'document', { necessity: 'optional', materialTypeCode: 'power-of-attorney' }),
]

describe('initialChoices', () => {
  it('reuses the best library material and asks for uploads elsewhere; forms need nothing', () => {
    const c = initialChoices(reqs)
    expect(c.M01).toEqual({ mode: 'library', libraryMaterialId: 7 })
    expect(c.M02).toBeUndefined()
    expect(c.M03).toEqual({ mode: 'upload', file: null })
  })

  it('keeps a resumed draft’s choices unless the library material is no longer offered', () => {
    const up = { mode: 'upload' as const, file: { fileId: 'u1', fileName: 'a.png', size: 1, contentType: 'image/png' } }
    expect(initialChoices(reqs, { M01: up }).M01).toEqual(up)
    expect(initialChoices(reqs, { M01: { mode: 'library', libraryMaterialId: 99 } }).M01).toEqual({ mode: 'library', libraryMaterialId: 7 })
    const noCandidates = [req('M01', 'certificate')]
    expect(initialChoices(noCandidates, { M01: { mode: 'library', libraryMaterialId: 7 } }).M01).toEqual({ mode: 'upload', file: null })
  })
})

describe('selfRequirements and missingRequired', () => {
  it('drops an optional authorization letter for a self-application', () => {
    expect(selfRequirements(reqs).map((r) => r.requirementCode)).toEqual(['M01', 'M02', 'M03'])
  })

  it('lists required non-form materials without a file or library material', () => {
    const c = initialChoices(reqs)
    expect(missingRequired(reqs, c).map((r) => r.requirementCode)).toEqual(['M03'])
    c.M03 = { mode: 'upload', file: { fileId: 'u3', fileName: 'b.pdf', size: 2, contentType: 'application/pdf' } }
    expect(missingRequired(reqs, c)).toEqual([])
  })
})

describe('buildSubmission', () => {
  const state: WizardState = {
    ...emptyState(),
    form: { description: ' 因病休学 ', address: '泉港区山腰街道 1 号', remarks: '' },
    materials: {
      M01: { mode: 'library', libraryMaterialId: 7 },
      M03: { mode: 'upload', file: { fileId: 'u3', fileName: 'b.pdf', size: 2, contentType: 'application/pdf' } },
      M04: { mode: 'upload', file: null },
    },
  }

  it('links library materials, sends uploads by file id, lists the online form without a file, omits the applicant', () => {
    const body = buildSubmission('ITEM', selfRequirements(reqs), state)
    expect(body).toEqual({
      itemCode: 'ITEM',
      channel: 'online',
      servicePointCode: null,
      windowCode: null,
      applicant: null,
      form: { description: '因病休学', address: '泉港区山腰街道 1 号' },
      materials: [
        { requirementCode: 'M01', fileId: null, libraryMaterialId: 7, certificateId: null },
        { requirementCode: 'M02', fileId: null, libraryMaterialId: null, certificateId: null },
        { requirementCode: 'M03', fileId: 'u3', libraryMaterialId: null, certificateId: null },
      ],
      resultDelivery: { method: 'pickup', servicePointCode: null, address: null, recipientName: null, recipientMobile: null },
    })
    expect(countUploads(state.materials)).toBe(1)
  })

  it('sends express with the town and the typed detail as one address, and an empty recipient as null (the applicant)', () => {
    const express = { ...state, delivery: { method: 'express' as const, pointCode: '', town: '南埔镇', detail: ' 肖厝村 88 号 ', recipientName: '', recipientMobile: '13800138000' } }
    expect(buildSubmission('ITEM', reqs, express).resultDelivery).toEqual({
      method: 'express', servicePointCode: null, address: '南埔镇肖厝村 88 号', recipientName: null, recipientMobile: '13800138000',
    })
    const draft = parseDraftState(JSON.parse(JSON.stringify(express)))
    expect(draft.delivery).toEqual({ ...express.delivery })
  })

  it('names the draft so that the draft becomes one case', () => {
    expect(buildSubmission('ITEM', reqs, state, 'd-1').draftId).toBe('d-1')
    expect('draftId' in buildSubmission('ITEM', reqs, state)).toBe(false)
  })
})

describe('SubmissionKey', () => {
  it('keeps the key for the same body and makes a new one when the body changes', () => {
    let n = 0
    const k = new SubmissionKey(() => `k${++n}`)
    expect(k.for({ a: 1 })).toBe('k1')
    expect(k.for({ a: 1 })).toBe('k1')
    expect(k.for({ a: 2 })).toBe('k2')
    k.reset()
    expect(k.for({ a: 2 })).toBe('k3')
  })
})

describe('validateForm', () => {
  it('requires the description and the address', () => {
    expect(validateForm({ description: ' ', address: '', remarks: '' })).toEqual({ description: 'required', address: 'required' })
    expect(validateForm({ description: 'x', address: 'y', remarks: 'z'.repeat(501) })).toEqual({ remarks: 'tooLong' })
  })
})

describe('draft state', () => {
  it('reads what it saved, and never reopens on the receipt', () => {
    const s: WizardState = { ...emptyState(), step: 3, form: { description: 'a', address: 'b', remarks: 'c' }, materials: { M01: { mode: 'library', libraryMaterialId: 7 } } }
    expect(parseDraftState(JSON.parse(JSON.stringify(draftState(s))))).toEqual({ ...s, step: 2 })
  })

  it('survives garbage', () => {
    expect(parseDraftState(null)).toEqual(emptyState())
    expect(parseDraftState({ step: 9, form: { description: 5 }, materials: { M01: { mode: 'library', libraryMaterialId: 'x' }, M03: { mode: 'upload', file: {} } } })).toEqual({
      ...emptyState(),
      materials: { M03: { mode: 'upload', file: null } },
    })
  })
})

describe('case helpers', () => {
  it('offers withdrawal only before a decision', () => {
    expect(canWithdraw('submitted')).toBe(true)
    expect(canWithdraw('inReview')).toBe(true)
    expect(canWithdraw('approved')).toBe(false)
    expect(canWithdraw('withdrawn')).toBe(false)
  })

  it('finds the latest unanswered correction notice while the case waits for it', () => {
    const n1 = { sequence: 1, supplementedAt: '2026-01-01' }
    const n2 = { sequence: 2, supplementedAt: null }
    expect(pendingNotice('correctionRequested', [n2, n1])).toBe(n2)
    expect(pendingNotice('submitted', [n2])).toBeNull()
    expect(pendingNotice('correctionRequested', [n1])).toBeNull()
  })

  it('tells a reused library material from an upload kept with this case', async () => {
    const { materialOrigin } = await import('./wizard')
    const first = new Map([[7, 'C-1']])
    expect(materialOrigin({ fileId: null, libraryMaterialId: null }, 'C-2', first)).toBe('online')
    expect(materialOrigin({ fileId: 'f', libraryMaterialId: 7 }, 'C-2', first)).toBe('reused')
    expect(materialOrigin({ fileId: 'f', libraryMaterialId: 7 }, 'C-1', first)).toBe('kept')
    expect(materialOrigin({ fileId: 'f', libraryMaterialId: 8 }, 'C-2', first)).toBe('kept')
    expect(materialOrigin({ fileId: 'f', libraryMaterialId: null }, 'C-2', first)).toBe('upload')
  })

  it('counts down in whole seconds', () => {
    expect(secondsLeft(61_000, 1_000)).toBe(60)
    expect(secondsLeft(1_500, 1_000)).toBe(1)
    expect(secondsLeft(0, 1_000)).toBe(0)
  })
})

describe('applying for someone else', async () => {
  const { authorizationMissing, idNumberValid, requirementsFor, supportsApplyingAs, validatePrincipal } = await import('./wizard')

  it('needs the power of attorney, uploads everything (the agent’s library is not the applicant’s)', () => {
    const r = requirementsFor(reqs, 'agent')
    expect(r.map((x) => x.requirementCode)).toEqual(['M01', 'M02', 'M03', 'M04'])
    expect(r.every((x) => x.candidates.length === 0)).toBe(true)
    expect(r.find((x) => x.requirementCode === 'M04')!.necessity).toBe('required')
    const c = initialChoices(r, initialChoices(reqs))
    expect(c.M01).toEqual({ mode: 'upload', file: null })
    expect(authorizationMissing(r, c, 'agent')).toBe(true)
    c.M04 = { mode: 'upload', file: { fileId: 'poa', fileName: 'poa.pdf', size: 1, contentType: 'application/pdf' } }
    expect(authorizationMissing(r, c, 'agent')).toBe(false)
    expect(authorizationMissing(r, {}, 'self')).toBe(false)
  })

  it('is offered only where the item asks for an authorization', () => {
    expect(supportsApplyingAs(reqs, 'agent')).toBe(true)
    expect(supportsApplyingAs(reqs.slice(0, 3), 'agent')).toBe(false)
    expect(supportsApplyingAs(reqs.slice(0, 3), 'self')).toBe(true)
  })

  it('names the applicant in the body: a person by ID number, an enterprise by credit code with the citizen as 经办人', () => {
    const s: WizardState = { ...emptyState(), applyAs: 'agent', principal: { name: ' 王芳 ', idNumber: '35050519900101789x', creditCode: '', mobile: '139 1234 5678' } }
    expect(buildSubmission('ITEM', [], s).applicant).toEqual({ kind: 'person', name: '王芳', idNumber: '35050519900101789X', creditCode: null, mobile: '13912345678', contactName: null })
    const e: WizardState = { ...s, applyAs: 'enterprise', principal: { name: '示范公司', idNumber: '', creditCode: '91350505ma1234567x', mobile: '13912345678' } }
    expect(buildSubmission('ITEM', [], e, null, '林晓明').applicant).toEqual({
      kind: 'enterprise',
      name: '示范公司',
      idNumber: null,
      creditCode: '91350505MA1234567X',
      mobile: '13912345678',
      contactName: '林晓明',
    })
  })

  it('checks the applicant’s fields before the server does', () => {
    expect(idNumberValid('350505199001017892')).toBe(true)
    expect(idNumberValid('350505199001017891')).toBe(false)
    expect(validatePrincipal({ name: '', idNumber: '350505199001017891', creditCode: '', mobile: '123' }, 'agent')).toEqual({ name: 'required', idNumber: 'invalid', mobile: 'invalid' })
    expect(validatePrincipal({ name: 'x', idNumber: '', creditCode: '', mobile: '13912345678' }, 'enterprise')).toEqual({ creditCode: 'required' })
    expect(validatePrincipal({ name: '', idNumber: '', creditCode: '', mobile: '' }, 'self')).toEqual({})
  })

  it('keeps the way of applying in a draft', () => {
    const s: WizardState = { ...emptyState(), applyAs: 'enterprise', principal: { name: 'a', idNumber: '', creditCode: 'b', mobile: 'c' } }
    expect(parseDraftState(JSON.parse(JSON.stringify(s)))).toEqual(s)
    expect(parseDraftState({ applyAs: 'someone' }).applyAs).toBe('self')
  })
})

describe('e-certificates as materials', () => {
  const licence = req('yyzz', 'document', {
    certificateTypeCode: 'YYZZ',
    candidates: [idCard],
    certificates: [{ id: 'c-1', identifier: '1.2.156.3005.2.X', typeCode: 'YYZZ', name: '营业执照' }],
  })

  it('preselects the certificate over a kept scan and submits its id with no upload', () => {
    const choices = initialChoices([licence])
    expect(choices.yyzz).toEqual({ mode: 'certificate', certificateId: 'c-1' })
    expect(missingRequired([licence], choices)).toEqual([])
    expect(countUploads(choices)).toBe(0)
    expect(materialInput('yyzz', choices.yyzz)).toEqual({ requirementCode: 'yyzz', fileId: null, libraryMaterialId: null, certificateId: 'c-1' })
  })

  it('keeps an upload chosen in a draft, and drops a certificate no longer offered', () => {
    const upload = { mode: 'upload' as const, file: { fileId: 'f', fileName: 'a.pdf', size: 1, contentType: 'application/pdf' } }
    expect(initialChoices([licence], { yyzz: upload }).yyzz).toEqual(upload)
    expect(initialChoices([{ ...licence, certificates: [] }], { yyzz: { mode: 'certificate', certificateId: 'c-1' } }).yyzz).toEqual({ mode: 'library', libraryMaterialId: 7 })
  })

  it('reads a certificate choice back from a saved draft', () => {
    const state = parseDraftState({ ...emptyState(), materials: { yyzz: { mode: 'certificate', certificateId: 'c-1' } } })
    expect(state.materials.yyzz).toEqual({ mode: 'certificate', certificateId: 'c-1' })
  })
})
