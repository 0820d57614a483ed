import { api } from '../../api/client'
import type { components } from '../../api/schema'

export type StatsOverview = components['schemas']['StatsOverviewDto']
export type DepartmentStats = components['schemas']['DepartmentStatsDto']
export type Trend = components['schemas']['TrendDto']

export function overview(from: string, to: string): Promise<StatsOverview> {
  return api.get<StatsOverview>('/api/stats/overview', { query: { from, to }, silent: true })
}

export function departments(from: string, to: string): Promise<DepartmentStats[]> {
  return api.get<DepartmentStats[]>('/api/stats/departments', { query: { from, to }, silent: true })
}

export function trend(metric: string, from: string, to: string): Promise<Trend> {
  return api.get<Trend>('/api/stats/trends', { query: { metric, from, to }, silent: true })
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
