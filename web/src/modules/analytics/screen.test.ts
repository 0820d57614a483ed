import { describe, expect, it } from 'vitest'
import { addDays, chinaDate, levelBars, percent } from './api'

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
  it('always draws five satisfaction bars, best first, with their shares', () => {
    const bars = levelBars({ rated: 8, levels: [{ level: 5, name: '非常满意', count: 6 }, { level: 2, name: '不满意', count: 2 }] })
    expect(bars.map((b) => b.level)).toEqual([5, 4, 3, 2, 1])
    expect(bars.map((b) => b.count)).toEqual([6, 0, 0, 2, 0])
    expect(bars.map((b) => b.share)).toEqual([0.75, 0, 0, 0.25, 0])
    expect(levelBars(null).every((b) => b.count === 0 && b.share === 0)).toBe(true)
  })
})
