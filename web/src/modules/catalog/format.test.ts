import { beforeEach, describe, expect, it } from 'vitest'
import { i18n, setLocale } from '../../i18n'
import { channelLabel, formatLimit, guidePath, itemTypeLabel, visitBadge } from './format'

const tr = i18n.global

describe('formatLimit', () => {
  beforeEach(() => setLocale('zh-CN'))

  it('formats working days', () => {
    expect(formatLimit(tr, { value: 5, unit: 'workingDay' }, 'promised')).toBe('5 个工作日')
    expect(formatLimit(tr, { value: 20, unit: 'workingDay' })).toBe('20 个工作日')
  })

  it('shows 即办 for a zero limit on an immediate item', () => {
    expect(formatLimit(tr, { value: 0, unit: 'workingDay' }, 'immediate')).toBe('即办（当场办结）')
    expect(formatLimit(tr, null, 'immediate')).toBe('即办（当场办结）')
  })

  it('does not call a zero limit on a promised item 即办', () => {
    expect(formatLimit(tr, { value: 0, unit: 'workingDay' }, 'promised')).toBe('无时限')
  })

  it('falls back to value + unit for unknown units', () => {
    expect(formatLimit(tr, { value: 3, unit: 'fortnight' as unknown as 'workingDay' }, 'promised')).toBe('3 fortnight')
    expect(formatLimit(tr, undefined, 'promised')).toBe('—')
  })

  it('speaks English too', () => {
    setLocale('en')
    expect(formatLimit(tr, { value: 5, unit: 'workingDay' }, 'promised')).toBe('5 working days')
    expect(formatLimit(tr, { value: 0, unit: 'workingDay' }, 'immediate')).toBe('Same day (done on the spot)')
  })
})

describe('visitBadge', () => {
  it('maps visits to 一趟不用跑 / 最多跑一次', () => {
    expect(visitBadge(0)).toBe('zero')
    expect(visitBadge(1)).toBe('one')
    expect(visitBadge(2)).toBeNull()
    expect(visitBadge(undefined)).toBeNull()
    expect(visitBadge(-1)).toBeNull()
  })
})

describe('labels', () => {
  beforeEach(() => setLocale('zh-CN'))

  it('translates item types and channels, falling back to the code', () => {
    expect(itemTypeLabel(tr, 'licensing')).toBe('行政许可')
    expect(itemTypeLabel(tr, 'collection')).toBe('行政强制')
    expect(itemTypeLabel(tr, 'somethingNew')).toBe('somethingNew')
    expect(itemTypeLabel(tr, 'somethingNew', '新类型')).toBe('新类型')
    expect(channelLabel(tr, 'kiosk')).toBe('自助终端')
    expect(channelLabel(tr, 'pigeon')).toBe('pigeon')
  })

  it('encodes item codes in guide paths', () => {
    expect(guidePath('11350505MB0000000X-XK-001-01')).toBe('/items/11350505MB0000000X-XK-001-01')
    expect(guidePath('a/b c')).toBe('/items/a%2Fb%20c')
  })
})
