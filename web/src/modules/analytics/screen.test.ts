import { describe, expect, it } from 'vitest'
import { addDays, certificateFigures, chinaDate, declineFigures, declineSubject, kioskLocations, levelBars, percent, waitMinutes, windowBars } from './api'

describe('big screen helpers', () => {
  it('shows a queue wait in whole minutes, or a dash before anyone was called', () => {
    expect(waitMinutes(null)).toBe('—')
    expect(waitMinutes(undefined)).toBe('—')
    expect(waitMinutes(0)).toBe('0')
    expect(waitMinutes(540)).toBe('9')
    expect(waitMinutes(569)).toBe('9')
    expect(waitMinutes(571)).toBe('10')
  })

  it('shows e-certificate use and conversion only once the certificate library is connected', () => {
    const waiting = certificateFigures({ libraryConnected: false, totals: { issued: 12, converted: 0, used: 0 } })
    expect(waiting).toEqual({ issued: 12, converted: null, used: null, waiting: true })
    const connected = certificateFigures({ libraryConnected: true, totals: { issued: 12, converted: 3, used: 5 } })
    expect(connected).toEqual({ issued: 12, converted: 3, used: 5, waiting: false })
    // Under an item, channel or service point filter the server sends no conversions (null): a dash, not 0.
    expect(certificateFigures({ libraryConnected: true, totals: { issued: 1, converted: null, used: 0 } }).converted).toBeNull()
    expect(certificateFigures(null)).toEqual({ issued: null, converted: null, used: null, waiting: false })
  })
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

describe('decline alerts in words', () => {
  const base = { windowName: '综合受理窗口8', windowCode: '350505-C-W08', itemName: '食品经营许可', itemCode: 'X1', departmentName: '市场监督管理局', departmentCode: 'D02' }

  it('names the subject of each kind', () => {
    expect(declineSubject({ ...base, subject: 'window' })).toBe('综合受理窗口8')
    expect(declineSubject({ ...base, subject: 'windowItem' })).toBe('综合受理窗口8 · 食品经营许可')
    expect(declineSubject({ ...base, subject: 'item' })).toBe('食品经营许可')
    expect(declineSubject({ ...base, subject: 'department' })).toBe('市场监督管理局')
    expect(declineSubject({ ...base, subject: 'window', windowName: null })).toBe('350505-C-W08')
  })

  it('gives applications as counts and the completion rate as percentages', () => {
    expect(declineFigures({ metric: 'applications', baseline: 19.25, recent: 2, dropRatio: 0.8961 })).toEqual({ baseline: '19.3', recent: '2', drop: '90%' })
    expect(declineFigures({ metric: 'completionRate', baseline: 1, recent: 0.44, dropRatio: 0.56 })).toEqual({ baseline: '100.0%', recent: '44.0%', drop: '56.0' })
  })
})

describe('window ranking and kiosk locations on the screen', () => {
  it('takes the busiest windows and names a repeated window with its service point', () => {
    const rows = [
      { windowCode: 'T1-W01', windowName: '综合窗口1', servicePointName: '山腰街道便民服务中心', handled: 5 },
      { windowCode: 'C-W01', windowName: '综合受理窗口1', servicePointName: '区行政服务中心', handled: 40 },
      { windowCode: 'T2-W01', windowName: '综合窗口1', servicePointName: '南埔镇便民服务中心', handled: 7 },
      { windowCode: 'C-W02', windowName: '综合受理窗口2', servicePointName: '区行政服务中心', handled: 40 },
    ]
    expect(windowBars(rows)).toEqual([
      { label: '综合受理窗口1', handled: 40 },
      { label: '综合受理窗口2', handled: 40 },
      { label: '南埔镇便民服务中心 综合窗口1', handled: 7 },
      { label: '山腰街道便民服务中心 综合窗口1', handled: 5 },
    ])
    expect(windowBars(rows, 2).map((b) => b.handled)).toEqual([40, 40])
    expect(windowBars([])).toEqual([])
  })

  it('adds up the kiosks of each location and how many are online, most applications first', () => {
    const locations = kioskLocations([
      { location: '兴业银行泉港支行营业厅', applications: 3, completed: 2, online: true },
      { location: '建设银行泉港支行营业厅', applications: 4, completed: 4, online: false },
      { location: '兴业银行泉港支行营业厅', applications: 6, completed: 5, online: true },
      { location: '南埔镇便民服务中心', applications: 0, completed: 0 },
    ])
    expect(locations).toEqual([
      { location: '兴业银行泉港支行营业厅', kiosks: 2, online: 2, applications: 9, completed: 7 },
      { location: '建设银行泉港支行营业厅', kiosks: 1, online: 0, applications: 4, completed: 4 },
      { location: '南埔镇便民服务中心', kiosks: 1, online: 0, applications: 0, completed: 0 },
    ])
    expect(kioskLocations([])).toEqual([])
  })
})
