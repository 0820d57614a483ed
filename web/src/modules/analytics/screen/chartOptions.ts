// The big screen's chart options: light text on the screen's dark background, readable from three metres.
// Pure functions of the figures (and the translator), so the page decides when the charts are drawn.
import type { ChartOption } from '../../../composables/useChart'
import { levelBars, percent, type SatisfactionStats, type StatsOverview } from '../api'

type Translate = (key: string) => string
type Point = { date: string; value: number }

// Screenshots in tests and a calm hall display: no animation. Light text on the screen's dark background.
export const SCREEN_CHART_BASE: ChartOption = { animation: false, textStyle: { color: '#cfe3ff', fontSize: 18 }, backgroundColor: 'transparent' }

/** The last 30 days: applications submitted and completed per day. */
export function trendOption(submitted: Point[], completed: Point[], t: Translate): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, right: 10, textStyle: { color: '#cfe3ff', fontSize: 18 } },
    grid: { left: 50, right: 16, top: 44, bottom: 30 },
    xAxis: { type: 'category', data: submitted.map((p) => p.date.slice(5)), axisLabel: { color: '#8fb3e0', fontSize: 14 } },
    yAxis: { type: 'value', axisLabel: { color: '#8fb3e0', fontSize: 14 }, splitLine: { lineStyle: { color: '#1d3557' } } },
    series: [
      { name: t('screen.submitted'), type: 'line', smooth: true, data: submitted.map((p) => p.value), lineStyle: { width: 3 } },
      { name: t('screen.completed'), type: 'line', smooth: true, data: completed.map((p) => p.value), lineStyle: { width: 3 } },
    ],
  }
}

/** The month's applications by channel (a ring; empty while the month has none). */
export function channelOption(m: StatsOverview | null, t: Translate): ChartOption {
  return {
    tooltip: { trigger: 'item' },
    series: [{
      type: 'pie', radius: ['35%', '62%'], label: { color: '#cfe3ff', fontSize: 18, formatter: '{b}\n{d}%' },
      data: m && m.submitted > 0 ? [
        { name: t('screen.window'), value: m.window },
        { name: t('screen.online'), value: m.online },
        { name: t('screen.mobile'), value: m.mobile },
        { name: t('screen.kiosk'), value: m.kiosk },
      ] : [],
    }],
  }
}

/** A ranking as horizontal bars, the first on top, names on the left (cut at 190 px) and counts at the bar ends. */
export function rankingBars(rows: { label: string; value: number }[], color: string): ChartOption {
  return {
    grid: { left: 200, right: 56, top: 4, bottom: 4 },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category', inverse: true, data: rows.map((r) => r.label), axisLine: { show: false }, axisTick: { show: false },
      axisLabel: { color: '#cfe3ff', fontSize: 17, width: 190, overflow: 'truncate' },
    },
    series: [{ type: 'bar', barWidth: '60%', itemStyle: { color }, data: rows.map((r) => r.value), label: { show: true, position: 'right', color: '#fff', fontSize: 17 } }],
  }
}

/** 好差评: the five levels, best on top, each bar its count and share of the month's ratings. */
export function satisfactionOption(rating: SatisfactionStats | null, t: Translate): ChartOption {
  const bars = levelBars(rating)
  return {
    grid: { left: 130, right: 90, top: 6, bottom: 6 },
    xAxis: { type: 'value', show: false },
    yAxis: { type: 'category', inverse: true, data: bars.map((b) => t(`citizen.evaluation.level.${b.level}`)), axisLabel: { color: '#cfe3ff', fontSize: 18 },
      axisLine: { show: false }, axisTick: { show: false } },
    series: [{
      type: 'bar', barWidth: '60%',
      data: bars.map((b) => ({ value: b.count, itemStyle: { color: b.color }, label: { formatter: `${b.count} (${percent(b.share)})` } })),
      label: { show: true, position: 'right', color: '#fff', fontSize: 16 },
    }],
  }
}
