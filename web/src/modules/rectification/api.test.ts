import { describe, expect, it } from 'vitest'
import { isOverdue, statusTagType } from './api'

describe('rectification helpers', () => {
  it('marks an order overdue when either deadline has passed', () => {
    expect(isOverdue({ callbackOverdue: false, rectifyOverdue: false })).toBe(false)
    expect(isOverdue({ callbackOverdue: true, rectifyOverdue: false })).toBe(true)
    expect(isOverdue({ callbackOverdue: false, rectifyOverdue: true })).toBe(true)
  })
  it('colours the states', () => {
    expect(statusTagType('open')).toBe('warning')
    expect(statusTagType('resolved')).toBe('success')
    expect(statusTagType('appealUpheld')).toBe('info')
  })
})
