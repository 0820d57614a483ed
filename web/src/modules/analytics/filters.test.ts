import { describe, expect, it } from 'vitest'
import {
  activeQuickPick, exportUrl, fileNameFrom, filterFromQuery, isDay, maySeeStatistics, queryFromFilter, quickPeriod, seesAllDepartments,
} from './filters'

const today = '2026-11-18'

describe('statistics filters ↔ URL query', () => {
  it('reads every filter from the query', () => {
    expect(filterFromQuery({ from: '2026-10-01', to: '2026-10-31', department: 'D01', item: 'I-1', channel: 'kiosk', servicePoint: '350505-C' }, today)).toEqual({
      from: '2026-10-01', to: '2026-10-31', department: 'D01', item: 'I-1', channel: 'kiosk', servicePoint: '350505-C',
    })
  })

  it('defaults to this month, like the server, and drops what it cannot use', () => {
    expect(filterFromQuery({}, today)).toEqual({ from: '2026-11-01', to: '2026-11-18' })
    expect(filterFromQuery({ from: '2026-02-30', to: 'yesterday', channel: 'fax', department: '  ', item: '' }, today)).toEqual({ from: '2026-11-01', to: '2026-11-18' })
  })

  it('accepts a channel in any case and takes the first of repeated values', () => {
    expect(filterFromQuery({ channel: 'WINDOW' }, today).channel).toBe('window')
    expect(filterFromQuery({ department: ['D02', 'D03'] }, today).department).toBe('D02')
  })

  it('puts a reversed period the right way round', () => {
    expect(filterFromQuery({ from: '2026-11-10', to: '2026-11-01' }, today)).toMatchObject({ from: '2026-11-01', to: '2026-11-10' })
  })

  it('writes the period always and the other filters only when set, and reads back what it wrote', () => {
    expect(queryFromFilter({ from: '2026-11-01', to: '2026-11-18' })).toEqual({ from: '2026-11-01', to: '2026-11-18' })
    const f = { from: '2026-01-01', to: '2026-11-18', department: 'D01', item: 'I-1', channel: 'online' as const, servicePoint: 'P' }
    expect(queryFromFilter(f)).toEqual({ from: '2026-01-01', to: '2026-11-18', department: 'D01', item: 'I-1', channel: 'online', servicePoint: 'P' })
    expect(filterFromQuery(queryFromFilter(f), today)).toEqual(f)
  })
})

describe('quick periods', () => {
  it('count from today in China', () => {
    expect(quickPeriod('thisMonth', today)).toEqual({ from: '2026-11-01', to: '2026-11-18' })
    expect(quickPeriod('lastMonth', today)).toEqual({ from: '2026-10-01', to: '2026-10-31' })
    expect(quickPeriod('last30', today)).toEqual({ from: '2026-10-20', to: '2026-11-18' })
    expect(quickPeriod('thisYear', today)).toEqual({ from: '2026-01-01', to: '2026-11-18' })
  })

  it('handle January and February', () => {
    expect(quickPeriod('lastMonth', '2027-01-05')).toEqual({ from: '2026-12-01', to: '2026-12-31' })
    expect(quickPeriod('lastMonth', '2028-03-31')).toEqual({ from: '2028-02-01', to: '2028-02-29' })
  })

  it('are recognised from the period', () => {
    expect(activeQuickPick({ from: '2026-10-01', to: '2026-10-31' }, today)).toBe('lastMonth')
    expect(activeQuickPick({ from: '2026-10-02', to: '2026-10-31' }, today)).toBeUndefined()
  })
})

describe('exports', () => {
  it('carry the same filters as the page', () => {
    expect(exportUrl('windows', 'xlsx', { from: '2026-11-01', to: '2026-11-30', department: 'D 1', channel: 'window' }))
      .toBe('/api/stats/windows/ranking/export?format=xlsx&from=2026-11-01&to=2026-11-30&department=D+1&channel=window')
    expect(exportUrl('departments', 'csv', { from: '2026-11-01', to: '2026-11-30' })).toBe('/api/stats/departments/export?format=csv&from=2026-11-01&to=2026-11-30')
  })

  it('are saved under the Chinese file name from filename*', () => {
    const header = `attachment; filename=stats-departments_2026-11-01_2026-11-30.xlsx; filename*=UTF-8''${encodeURIComponent('部门统计_2026-11-01_2026-11-30.xlsx')}`
    expect(fileNameFrom(header, 'x')).toBe('部门统计_2026-11-01_2026-11-30.xlsx')
    expect(fileNameFrom('attachment; filename="a.csv"', 'x')).toBe('a.csv')
    expect(fileNameFrom(null, 'fallback.csv')).toBe('fallback.csv')
  })
})

describe('who sees statistics', () => {
  it('is analysts, supervisors, admins and department staff', () => {
    expect(seesAllDepartments(['Analyst'])).toBe(true)
    expect(seesAllDepartments(['Reviewer'])).toBe(false)
    expect(maySeeStatistics({ roles: ['Reviewer'], departmentCode: 'D01' })).toBe(true)
    expect(maySeeStatistics({ roles: ['Clerk'], departmentCode: null })).toBe(false)
    expect(maySeeStatistics(null)).toBe(false)
  })

  it('checks calendar days', () => {
    expect(isDay('2028-02-29')).toBe(true)
    expect(isDay('2026-02-29')).toBe(false)
  })
})
