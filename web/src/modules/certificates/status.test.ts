import { describe, expect, it } from 'vitest'
import { allowedVerbs, rejectedCells, statusKey, statusOf, statusTagType, useCopyErrors } from './status'

describe('certificate status', () => {
  it('maps each status to a word and a colour', () => {
    expect(statusTagType('valid')).toBe('success')
    expect(statusTagType('revoked')).toBe('danger')
    expect(statusTagType('suspended')).toBe('warning')
    expect(statusTagType('expired')).toBe('info')
    expect(statusKey('revoked')).toBe('certificates.status.revoked')
  })

  it('reads a missing or strange status as unknown (未找到)', () => {
    expect(statusOf(undefined)).toBe('unknown')
    expect(statusOf('weird')).toBe('unknown')
    expect(statusKey(null)).toBe('certificates.status.unknown')
  })

  it('offers only the changes the status allows', () => {
    expect(allowedVerbs('valid')).toEqual(['suspend', 'revoke', 'renew'])
    expect(allowedVerbs('suspended')).toEqual(['reinstate', 'revoke'])
    expect(allowedVerbs('revoked')).toEqual([])
  })
})

describe('use copy form', () => {
  const today = '2026-12-07'
  it('accepts a purpose and an end date within a year and the validity', () => {
    expect(useCopyErrors({ purpose: '银行开户', until: '2027-01-31' }, today, '2030-01-01')).toEqual({})
  })

  it('wants a purpose of at most 40 characters', () => {
    expect(useCopyErrors({ purpose: '  ', until: '2027-01-31' }, today).purpose).toBe('certificates.useCopy.purposeRequired')
    expect(useCopyErrors({ purpose: '办'.repeat(41), until: '2027-01-31' }, today).purpose).toBe('certificates.useCopy.purposeTooLong')
    expect(useCopyErrors({ purpose: '办'.repeat(40), until: '2027-01-31' }, today).purpose).toBeUndefined()
  })

  it('refuses a missing, past, too far or beyond-validity end date', () => {
    expect(useCopyErrors({ purpose: 'x', until: '' }, today).until).toBe('certificates.useCopy.untilRequired')
    expect(useCopyErrors({ purpose: 'x', until: '2026-12-06' }, today).until).toBe('certificates.useCopy.untilPast')
    expect(useCopyErrors({ purpose: 'x', until: '2027-12-08' }, today).until).toBe('certificates.useCopy.untilTooFar')
    expect(useCopyErrors({ purpose: 'x', until: '2027-12-07' }, today).until).toBeUndefined()
    expect(useCopyErrors({ purpose: 'x', until: '2027-06-01' }, today, '2027-05-31').until).toBe('certificates.useCopy.untilAfterValidity')
  })
})

describe('import rejections', () => {
  it('lists each rejected cell by row, then column', () => {
    expect(
      rejectedCells([
        { row: 5, errors: { holderIdNumber: ['身份证号码校验位错误'] } },
        { row: 2, errors: { typeCode: ['没有这个证照类型'], issuedAt: ['日期格式应为 yyyy-MM-dd'] } },
      ]),
    ).toEqual([
      { row: 2, column: 'typeCode', message: '没有这个证照类型' },
      { row: 2, column: 'issuedAt', message: '日期格式应为 yyyy-MM-dd' },
      { row: 5, column: 'holderIdNumber', message: '身份证号码校验位错误' },
    ])
  })
})
