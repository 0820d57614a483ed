import { ApiError, http, showError, unwrap } from '../../api/client'
import { parseProblem } from '../../api/problem'
import { i18n } from '../../i18n'
import { fileNameFrom } from './filters'
import type { components } from '../../api/schema'
import type { AlertSummary } from '../../api/types'

export type StatsOverview = components['schemas']['StatsOverviewDto']
export type DepartmentStats = components['schemas']['DepartmentStatsDto']
export type Trend = components['schemas']['TrendDto']
export type SatisfactionStats = components['schemas']['SatisfactionStatsDto']
export type DeclineAlert = components['schemas']['DeclineAlertDto']
export type CertificateStats = components['schemas']['CertificateStatsDto']
export type QueueStats = components['schemas']['QueueStatsDto']

export function overview(from: string, to: string): Promise<StatsOverview> {
  return unwrap(http.GET('/api/stats/overview', { params: { query: { from, to } } }), true)
}

export function departments(from: string, to: string): Promise<DepartmentStats[]> {
  return unwrap(http.GET('/api/stats/departments', { params: { query: { from, to } } }), true)
}

export function trend(metric: string, from: string, to: string): Promise<Trend> {
  return unwrap(http.GET('/api/stats/trends', { params: { query: { metric, from, to } } }), true)
}

export function satisfaction(from: string, to: string): Promise<SatisfactionStats> {
  return unwrap(http.GET('/api/stats/satisfaction', { params: { query: { from, to } } }), true)
}

/** 电子证照 figures of a period (GET /api/stats/certificates): issued, converted, used, per department. */
export function certificates(from: string, to: string): Promise<CertificateStats> {
  return unwrap(http.GET('/api/stats/certificates', { params: { query: { from, to } } }), true)
}

/**
 * The 电子证照 figures as shown: issued always; converted and used only once the certificate library is connected
 * (before that they are 0 because nothing can be converted or used, and the page says so instead of showing a 0);
 * converted is also not shown under an item, channel or service point filter (the server sends null: a conversion has none).
 */
export function certificateFigures(s: Pick<CertificateStats, 'libraryConnected' | 'totals'> | null): { issued: number | null; converted: number | null; used: number | null; waiting: boolean } {
  if (!s) return { issued: null, converted: null, used: null, waiting: false }
  const connected = s.libraryConnected
  return {
    issued: s.totals.issued,
    converted: connected ? (s.totals.converted ?? null) : null,
    used: connected ? s.totals.used : null,
    waiting: !connected,
  }
}

/** The decline alerts the daily scan currently finds (GET /api/stats/declines), the largest drops first. */
export function declines(): Promise<DeclineAlert[]> {
  return unwrap(http.GET('/api/stats/declines'), true)
}

/** What a decline is about, in words: the window and item, the window, the item or the department. */
export function declineSubject(d: Pick<DeclineAlert, 'subject' | 'windowName' | 'windowCode' | 'itemName' | 'itemCode' | 'departmentName' | 'departmentCode'>): string {
  const window = d.windowName ?? d.windowCode ?? ''
  const item = d.itemName ?? d.itemCode ?? ''
  switch (d.subject) {
    case 'windowItem':
      return `${window} · ${item}`
    case 'window':
      return window
    case 'item':
      return item
    default:
      return d.departmentName ?? d.departmentCode ?? ''
  }
}

/**
 * The figures of a decline: applications as counts (the baseline is the count expected in the recent two weeks),
 * the completion rate as percentages; with the drop.
 */
export function declineFigures(d: Pick<DeclineAlert, 'metric' | 'baseline' | 'recent' | 'dropRatio'>): { baseline: string; recent: string; drop: string } {
  if (d.metric === 'completionRate')
    return { baseline: percent(d.baseline), recent: percent(d.recent), drop: `${(d.dropRatio * 100).toFixed(1)}` }
  return { baseline: d.baseline.toFixed(1), recent: String(Math.round(d.recent)), drop: `${Math.round(d.dropRatio * 100)}%` }
}

/** Bar colours of the five 好差评 levels, 5 非常满意 … 1 非常不满意: greens to reds, readable on the dark screen. */
const LEVEL_COLORS: Record<number, string> = { 5: '#3ddc97', 4: '#7bd389', 3: '#f4d35e', 2: '#f79256', 1: '#ee4266' }

/**
 * The satisfaction panel's bars: the five levels, best first, each with its count, share of all rated and colour
 * (levels the server left out count zero, so the chart always has five bars).
 */
export function levelBars(stats: Pick<SatisfactionStats, 'levels' | 'rated'> | null): { level: number; count: number; share: number; color: string }[] {
  return [5, 4, 3, 2, 1].map((level) => {
    const count = stats?.levels.find((l) => l.level === level)?.count ?? 0
    return { level, count, share: stats && stats.rated > 0 ? count / stats.rated : 0, color: LEVEL_COLORS[level] }
  })
}

/** yyyy-MM-dd of a date in Asia/Shanghai (the server counts days there). */
export function chinaDate(d: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d)
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** The screen's month of windows (GET /api/stats/windows/ranking), busiest first. */
export function windowRanking(from: string, to: string): Promise<WindowRanking[]> {
  return unwrap(http.GET('/api/stats/windows/ranking', { params: { query: { from, to } } }), true)
}

/** The screen's kiosks (GET /api/stats/kiosks): applications per device, with its location. */
export function kioskStats(from: string, to: string): Promise<KioskStats[]> {
  return unwrap(http.GET('/api/stats/kiosks', { params: { query: { from, to } } }), true)
}

/** Today's queue at the district center (GET /api/stats/queue): the average wait so far and the people waiting now. */
export function queueToday(): Promise<QueueStats> {
  return unwrap(http.GET('/api/stats/queue'), true)
}

/** The longest period the queue statistics read at once (the server's QueueStats.MaxDays). */
export const QUEUE_STATS_MAX_DAYS = 92

/**
 * The statistics page's queue figures (GET /api/stats/queue) for the filter's service point (the district center when
 * none) and period; a longer period is cut to its last QUEUE_STATS_MAX_DAYS days, and `from` says where it starts.
 */
export function queueStats(filter: { servicePoint?: string; from: string; to: string }, signal?: AbortSignal): Promise<QueueStats> {
  const from = filter.from < addDays(filter.to, 1 - QUEUE_STATS_MAX_DAYS) ? addDays(filter.to, 1 - QUEUE_STATS_MAX_DAYS) : filter.from
  return unwrap(http.GET('/api/stats/queue', { params: { query: { servicePoint: filter.servicePoint, from, to: filter.to } }, signal }), true)
}

/** A wait in whole minutes for the screen ("—" before anyone was called). */
export function waitMinutes(seconds: number | null | undefined): string {
  return seconds == null ? '—' : String(Math.round(seconds / 60))
}

/** Open supervision alerts, center-wide for the analyst (GET /api/supervision/summary): the screen shows red and critical. */
export function alertCounts(): Promise<AlertSummary> {
  return unwrap(http.GET('/api/supervision/summary'), true)
}

/**
 * The window ranking's bars: the first `top` windows by cases handled. Names repeat across service points
 * (综合窗口1 in every town, 代办窗口 in every village), so a repeated name gets its service point in front.
 */
export function windowBars(rows: Pick<WindowRanking, 'windowCode' | 'windowName' | 'servicePointName' | 'handled'>[], top = 8): { label: string; handled: number }[] {
  const counts = new Map<string, number>()
  for (const r of rows) counts.set(r.windowName, (counts.get(r.windowName) ?? 0) + 1)
  return [...rows]
    .sort((a, b) => b.handled - a.handled || a.windowCode.localeCompare(b.windowCode))
    .slice(0, top)
    .map((r) => ({ label: (counts.get(r.windowName) ?? 0) > 1 ? `${r.servicePointName} ${r.windowName}` : r.windowName, handled: r.handled }))
}

export interface KioskLocation {
  location: string
  kiosks: number
  /** kiosks there with a heartbeat within the last 3 minutes, now */
  online: number
  applications: number
  completed: number
}

/** 自助终端使用情况: the kiosks grouped by where they stand (a bank lobby, a 24-hour area), most applications first. */
export function kioskLocations(rows: (Pick<KioskStats, 'location' | 'applications' | 'completed'> & { online?: boolean })[]): KioskLocation[] {
  const byLocation = new Map<string, KioskLocation>()
  for (const r of rows) {
    const l = byLocation.get(r.location) ?? { location: r.location, kiosks: 0, online: 0, applications: 0, completed: 0 }
    l.kiosks += 1
    if (r.online) l.online += 1
    l.applications += r.applications
    l.completed += r.completed
    byLocation.set(r.location, l)
  }
  return [...byLocation.values()].sort((a, b) => b.applications - a.applications || a.location.localeCompare(b.location, 'zh-CN'))
}

/** A share as a percentage with one decimal, or an em dash when there is nothing to divide. */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`
}

// The workbench statistics page: every endpoint with the page's filters (see filters.ts).
export type WindowRanking = components['schemas']['WindowRankingDto']
export type KioskStats = components['schemas']['KioskStatsDto']
export type ServicePoint = { code: string; name: string; level: string; parentCode?: string | null }
type FilterQuery = Record<string, string>

export const stats = {
  overview: (q: FilterQuery, signal?: AbortSignal) => unwrap(http.GET('/api/stats/overview', { params: { query: q }, signal })),
  departments: (q: FilterQuery, signal?: AbortSignal) => unwrap(http.GET('/api/stats/departments', { params: { query: q }, signal })),
  windows: (q: FilterQuery, signal?: AbortSignal) => unwrap(http.GET('/api/stats/windows/ranking', { params: { query: q }, signal })),
  kiosks: (q: FilterQuery, signal?: AbortSignal) => unwrap(http.GET('/api/stats/kiosks', { params: { query: q }, signal })),
  trend: (metric: string, q: FilterQuery, signal?: AbortSignal) => unwrap(http.GET('/api/stats/trends', { params: { query: { ...q, metric } }, signal })),
  // 好差评 by period and department (the level counts and the reasons given for bad ratings).
  satisfaction: (q: FilterQuery, signal?: AbortSignal) =>
    unwrap(http.GET('/api/stats/satisfaction', { params: { query: { from: q.from, to: q.to, ...(q.department ? { department: q.department } : {}) } }, signal })),
  certificates: (q: FilterQuery, signal?: AbortSignal) => unwrap(http.GET('/api/stats/certificates', { params: { query: q }, signal })),
  declines: (q: FilterQuery, signal?: AbortSignal) =>
    unwrap(http.GET('/api/stats/declines', { params: { query: q.department ? { department: q.department } : {} }, signal })),
}

let pointsCache: Promise<ServicePoint[]> | null = null

export function listServicePoints(): Promise<ServicePoint[]> {
  pointsCache ??= unwrap(http.GET('/api/service-points')).catch((e) => {
    pointsCache = null
    throw e
  })
  return pointsCache
}

/**
 * Downloads an export with the session cookie and saves it under the server's file name (filename*, Chinese).
 * Fetched rather than followed as a link, so a refusal (403, 400) is a message on the page, not a page of JSON.
 */
export async function downloadExport(url: string, fallbackName: string): Promise<void> {
  let res: Response
  try {
    res = await fetch(url, { credentials: 'same-origin', headers: { 'X-Tongban-Client': 'web' } })
  } catch {
    showError(new ApiError(0, i18n.global.t('errors.network')))
    return
  }
  if (!res.ok) {
    const text = await res.text()
    let body: unknown = text
    try {
      body = JSON.parse(text)
    } catch {
      /* not JSON */
    }
    showError(parseProblem(res.status, body, i18n.global.t('errors.http', { status: res.status })))
    return
  }
  const blob = await res.blob()
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = fileNameFrom(res.headers.get('content-disposition'), fallbackName)
  document.body.appendChild(a)
  a.click()
  a.remove()
  // Revoked a moment later: some browsers read the blob after the click returns.
  window.setTimeout(() => URL.revokeObjectURL(href), 10_000)
}
