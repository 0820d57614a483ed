import { http, unwrap } from '../../api/client'
import type { components } from '../../api/schema'
import type { ImportRejection } from './status'

type Schemas = components['schemas']
export type CertificateSummary = Schemas['CertificateSummaryDto']
export type Certificate = Schemas['CertificateDto']
export type Verification = Schemas['VerificationDto']
export type FileVerification = Schemas['FileVerificationDto']
export type StatusVerb = 'revoke' | 'suspend' | 'reinstate' | 'renew'

const enc = encodeURIComponent

/** 在线核验 by identifier: anyone; an unknown identifier answers {valid: false} with no status. */
export function verifyByIdentifier(identifier: string): Promise<Verification> {
  return unwrap(http.GET('/api/public/certificates/verify', { params: { query: { identifier } } }))
}

/** 文件核验: the PDF's embedded signature, its seal certificate's chain and the registry must agree. */
export function verifyFile(file: File): Promise<FileVerification> {
  return unwrap(
    http.POST('/api/public/certificates/verify-file', {
      // openapi-fetch serializes only a present body; the serializer sends the File as multipart.
      body: {},
      bodySerializer: () => {
        const form = new FormData()
        form.append('file', file)
        return form
      },
    } as never),
    (e) => e.status === 400,
  )
}

export function listMyCertificates(): Promise<CertificateSummary[]> {
  return unwrap(http.GET('/api/me/certificates'))
}

export function getCertificate(id: string): Promise<Certificate> {
  return unwrap(http.GET('/api/certificates/{id}', { params: { path: { id } } }))
}

/** The certificates a case issued; empty when it issued none (or the caller may not see it). */
export function listCaseCertificates(caseNumber: string): Promise<CertificateSummary[]> {
  return unwrap(http.GET('/api/cases/{caseNumber}/certificates', { params: { path: { caseNumber } } }))
}

/** 吊销 / 暂停 / 恢复 / 换发 with a reason: the answer is the certificate (the new one for a renewal). */
export function changeStatus(id: string, verb: StatusVerb, reason: string): Promise<Certificate> {
  const opts = { params: { path: { id } }, body: { reason } }
  const silent = (e: { status: number }) => e.status === 400
  switch (verb) {
    case 'revoke':
      return unwrap(http.POST('/api/certificates/{id}/revoke', opts), silent)
    case 'suspend':
      return unwrap(http.POST('/api/certificates/{id}/suspend', opts), silent)
    case 'reinstate':
      return unwrap(http.POST('/api/certificates/{id}/reinstate', opts), silent)
    default:
      return unwrap(http.POST('/api/certificates/{id}/renew', opts), silent)
  }
}

export const certificatePdfUrl = (id: string) => `/api/certificates/${enc(id)}/file.pdf`
export const useCopyPdfUrl = (id: string, purpose: string, until: string) =>
  `/api/certificates/${enc(id)}/use-copy.pdf?purpose=${enc(purpose)}&until=${enc(until)}`
export const decisionLetterUrl = (caseNumber: string) => `/api/cases/${enc(caseNumber)}/decision-letter.pdf`
export const verifyPagePath = (identifier: string) => `/verify/${enc(identifier)}`

export type ImportResult = Schemas['ImportResultDto']
export type { ImportRejection }

/** 存量转化: a CSV/XLSX sheet of existing certificates; all rows or none (rejected rows name their cells). */
export function importCertificates(file: File): Promise<ImportResult> {
  return unwrap(
    http.POST('/api/admin/certificates/import', {
      body: {},
      bodySerializer: () => {
        const form = new FormData()
        form.append('file', file)
        return form
      },
      // The endpoint reads the form itself, so the document declares no body: the multipart is sent regardless.
    } as never),
    (e) => e.status === 400,
  )
}


export type DepartmentSeal = Schemas['DepartmentSealDto']
export type DecisionLetter = Schemas['DecisionLetterDto']

/** Whether the case has a sealed decision letter (only decided 行政许可 cases do). */
export function getDecisionLetter(caseNumber: string): Promise<DecisionLetter> {
  return unwrap(http.GET('/api/cases/{caseNumber}/decision-letter', { params: { path: { caseNumber } } }))
}

/** The department's seal in use (public part); 404 before its first use. */
export function getDepartmentSeal(code: string): Promise<DepartmentSeal> {
  return unwrap(http.GET('/api/departments/{code}/seal', { params: { path: { code } } }), (e) => e.status === 404)
}

/**
 * Imports a seal issued elsewhere: `pkcs12` + `password`, or `privateKey` + `certificate` (+ `issuerCertificate`) as PEM.
 * A 400 names the field that is wrong (wrong password, key not matching, not SM2, expired).
 */
export function importSeal(departmentCode: string, parts: Record<string, File | string>): Promise<DepartmentSeal> {
  return unwrap(
    http.POST('/api/admin/departments/{code}/seal/import', {
      params: { path: { code: departmentCode } },
      body: {},
      bodySerializer: () => {
        const form = new FormData()
        for (const [name, value] of Object.entries(parts)) form.append(name, value)
        return form
      },
    } as never),
    (e) => e.status === 400,
  )
}
