import { describe, expect, it } from 'vitest'
import { dayLabel, formatPeriods, parsePeriods } from './api'

describe('opening hours helpers', () => {
  it('reads periods typed with either comma and pads the hour', () => {
    expect(parsePeriods('9:00-12:00，13:30-17:00')).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:30', end: '17:00' },
    ])
    expect(parsePeriods('')).toEqual([])
    expect(parsePeriods('9点-12点')).toBeNull()
    expect(formatPeriods([{ start: '09:00', end: '12:00' }])).toBe('09:00-12:00')
  })

  it('labels a Beijing date by its own weekday, whatever the browser zone', () => {
    expect(dayLabel('2026-10-10', 'zh-CN')).toBe('10月10日 周六')
    expect(dayLabel('2026-03-02', 'en')).toBe('Mon 3/2')
  })
})
