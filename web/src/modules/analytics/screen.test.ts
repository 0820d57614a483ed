import { describe, expect, it } from 'vitest'
import { addDays, chinaDate, percent } from './api'

describe('big screen helpers', () => {
  it('counts days in Asia/Shanghai', () => {
    // 2026-11-30 17:00 UTC is already 1 December in China.
    expect(chinaDate(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12-01')
    expect(chinaDate(new Date('2026-11-30T15:59:00Z'))).toBe('2026-11-30')
  })
  it('adds days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2026-03-01', -29)).toBe('2026-01-31')
  })
  it('shows rates as percentages and nothing as a dash', () => {
    expect(percent(0.98765)).toBe('98.8%')
    expect(percent(null)).toBe('—')
  })
})
