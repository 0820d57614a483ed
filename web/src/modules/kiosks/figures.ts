import type { paths } from '../../api/schema'

/** GET /api/public/figures: the seed's public boards (counts only, no person), anonymous. */
export type PublicFigures = paths['/api/public/figures']['get']['responses'][200]['content']['application/json']

/** The server keeps the figures for 60 s; asking more often would only show the same numbers. */
export const FIGURES_REFRESH_MS = 60_000

/** A window of the ranking as shown: 1-based place, the window's name (with its point when there is one), count. */
export interface RankingRow {
  place: number
  name: string
  count: string
}

/**
 * Asks for the figures without any credential: the attract screen shows them to whoever passes, so nothing of the
 * device or a person goes with the request. Null when the server cannot answer (the screen then keeps what it had).
 */
export async function fetchPublicFigures(): Promise<PublicFigures | null> {
  try {
    const res = await globalThis.fetch(new URL('/api/public/figures', globalThis.location?.origin ?? 'http://localhost').toString(), {
      headers: { Accept: 'application/json', 'X-Tongban-Client': 'web' },
      credentials: 'omit',
      // The node already keeps them 60 s; the browser's copy on top would make them up to two minutes old.
      cache: 'no-cache',
    })
    if (!res.ok) return null
    return (await res.json()) as PublicFigures
  } catch {
    return null
  }
}

/** A count for large type: digits grouped the locale's way (12,345 in both zh-CN and English). */
export function formatCount(n: number | null | undefined, locale: string): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—'
  return new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: 0 }).format(n)
}

/** 满意率 as a percentage with one decimal (0.9876 → 98.8%); a dash when nothing was rated yet. */
export function formatRate(rate: number | null | undefined, locale: string): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—'
  return new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'zh-CN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(rate)
}

/** The ranking as rows to show: at most five, the point's name beside the window's (several points have a 综合窗口1). */
export function rankingRows(figures: Pick<PublicFigures, 'windowRanking'> | null, locale: string, size = 5): RankingRow[] {
  return (figures?.windowRanking ?? []).slice(0, size).map((w, i) => ({
    place: i + 1,
    name: w.servicePointName ? `${w.name}（${w.servicePointName}）` : w.name,
    count: formatCount(w.count, locale),
  }))
}

/**
 * Loads the figures now and every <paramref name="everyMs"/> until stopped: the attract screen starts it when it
 * appears (idle) and stops it when a card is placed, so a session never waits on, or shows, the boards.
 */
export function pollFigures(load: () => Promise<PublicFigures | null>, show: (f: PublicFigures) => void, everyMs = FIGURES_REFRESH_MS) {
  let timer: ReturnType<typeof setInterval> | undefined
  let stopped = false
  const tick = async () => {
    const figures = await load()
    if (figures && !stopped) show(figures)
  }
  void tick()
  timer = setInterval(() => void tick(), everyMs)
  return {
    stop() {
      stopped = true
      if (timer) clearInterval(timer)
      timer = undefined
    },
  }
}
