import { api } from '../../api/client'
import type { components } from '../../api/schema'

export type StatsOverview = components['schemas']['StatsOverviewDto']
export type DepartmentStats = components['schemas']['DepartmentStatsDto']
export type Trend = components['schemas']['TrendDto']
export type SatisfactionStats = components['schemas']['SatisfactionStatsDto']

export function overview(from: string, to: string): Promise<StatsOverview> {
  return api.get<StatsOverview>('/api/stats/overview', { query: { from, to }, silent: true })
}

export function departments(from: string, to: string): Promise<DepartmentStats[]> {
  return api.get<DepartmentStats[]>('/api/stats/departments', { query: { from, to }, silent: true })
}

export function trend(metric: string, from: string, to: string): Promise<Trend> {
  return api.get<Trend>('/api/stats/trends', { query: { metric, from, to }, silent: true })
}

export function satisfaction(from: string, to: string): Promise<SatisfactionStats> {
  return api.get<SatisfactionStats>('/api/stats/satisfaction', { query: { from, to }, silent: true })
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

/** A share as a percentage with one decimal, or an em dash when there is nothing to divide. */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`
}
