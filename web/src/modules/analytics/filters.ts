// The statistics page's filters and the URL query that holds them (so a page can be shared): the same names the
// API takes (from, to, department, item, channel, servicePoint), so the query goes to the server as it is.
import type { LocationQuery } from 'vue-router'
import { buildUrl } from '../../api/client'
import { addDays } from './api'

export const CHANNELS = ['window', 'online', 'mobile', 'kiosk'] as const
export type Channel = (typeof CHANNELS)[number]

export interface StatsFilter {
  from: string
  to: string
  department?: string
  item?: string
  channel?: Channel
  servicePoint?: string
}

export const QUICK_PICKS = ['thisMonth', 'lastMonth', 'last30', 'thisYear'] as const
export type QuickPick = (typeof QUICK_PICKS)[number]

/** The tables that export (their paths under /api/stats). */
export const TABLES = {
  overview: 'overview', departments: 'departments', windows: 'windows/ranking', kiosks: 'kiosks', trends: 'trends', satisfaction: 'satisfaction', declines: 'declines',
  certificates: 'certificates',
} as const
export type StatsTable = keyof typeof TABLES
export type ExportFormat = 'csv' | 'xlsx'

const DAY = /^\d{4}-\d{2}-\d{2}$/

/** A real calendar day written yyyy-MM-dd (2026-02-30 is not). */
export function isDay(v: unknown): v is string {
  if (typeof v !== 'string' || !DAY.test(v)) return false
  const d = new Date(`${v}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v
}

function lastDayOfMonth(year: number, month: number): string {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10)
}

/** The period of a quick pick, counted from today (yyyy-MM-dd in China). */
export function quickPeriod(pick: QuickPick, today: string): { from: string; to: string } {
  const year = Number(today.slice(0, 4))
  const month = Number(today.slice(5, 7))
  switch (pick) {
    case 'thisMonth':
      return { from: `${today.slice(0, 8)}01`, to: today }
    case 'lastMonth': {
      const y = month === 1 ? year - 1 : year
      const m = month === 1 ? 12 : month - 1
      return { from: `${y}-${String(m).padStart(2, '0')}-01`, to: lastDayOfMonth(y, m) }
    }
    case 'last30':
      return { from: addDays(today, -29), to: today }
    case 'thisYear':
      return { from: `${year}-01-01`, to: today }
  }
}

/** Which quick pick the period is, if any (to highlight it). */
export function activeQuickPick(f: Pick<StatsFilter, 'from' | 'to'>, today: string): QuickPick | undefined {
  return QUICK_PICKS.find((p) => {
    const q = quickPeriod(p, today)
    return q.from === f.from && q.to === f.to
  })
}

function text(v: LocationQuery[string]): string | undefined {
  const s = Array.isArray(v) ? v[0] : v
  return typeof s === 'string' && s.trim() !== '' ? s.trim() : undefined
}

/**
 * The filter a URL query stands for. A missing or malformed period is this month (as the server defaults);
 * a reversed one is put the right way round; an unknown channel is dropped.
 */
export function filterFromQuery(query: LocationQuery, today: string): StatsFilter {
  const month = quickPeriod('thisMonth', today)
  let from = isDay(text(query.from)) ? text(query.from)! : month.from
  let to = isDay(text(query.to)) ? text(query.to)! : month.to
  if (to < from) [from, to] = [to, from]
  const channel = text(query.channel)?.toLowerCase()
  const f: StatsFilter = { from, to }
  if (text(query.department)) f.department = text(query.department)
  if (text(query.item)) f.item = text(query.item)
  if (channel && (CHANNELS as readonly string[]).includes(channel)) f.channel = channel as Channel
  if (text(query.servicePoint)) f.servicePoint = text(query.servicePoint)
  return f
}

/** The URL query (and API query) of a filter: the period always (a shared link keeps its dates), the rest when set. */
export function queryFromFilter(f: StatsFilter): Record<string, string> {
  const q: Record<string, string> = { from: f.from, to: f.to }
  if (f.department) q.department = f.department
  if (f.item) q.item = f.item
  if (f.channel) q.channel = f.channel
  if (f.servicePoint) q.servicePoint = f.servicePoint
  return q
}

export function exportUrl(table: StatsTable, format: ExportFormat, f: StatsFilter): string {
  return buildUrl(`/api/stats/${TABLES[table]}/export`, { format, ...queryFromFilter(f) })
}

/** The file name a download should get: RFC 5987 filename* first (Chinese), else the plain filename. */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim())
    } catch {
      /* fall through to the plain name */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition)
  return plain ? plain[1]!.trim() : fallback
}

const CENTER_WIDE = ['analyst', 'supervisor', 'admin']

/** Analysts, supervisors and admins see the whole center; other staff see their own department's statistics. */
export function seesAllDepartments(roles: readonly string[]): boolean {
  return roles.some((r) => CENTER_WIDE.includes(r.toLowerCase()))
}

export function maySeeStatistics(user: { roles: readonly string[]; departmentCode?: string | null } | null | undefined): boolean {
  return !!user && (seesAllDepartments(user.roles) || !!user.departmentCode)
}
