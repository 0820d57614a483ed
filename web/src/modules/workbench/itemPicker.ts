// 窗口收件's item picker: what the clerk typed comes first, so the first option is the searched item and never
// an unrelated one (a stale answer to an earlier keystroke, or a match on a parent item's name).
import type { ItemSummary } from '../../api/types'

/** 0: the very name; 1: the name starts with it; 2: the name contains it; 3: matched elsewhere (parent item, code). */
export function matchRank(query: string, name: string): number {
  const q = query.trim()
  if (!q) return 0
  if (name === q) return 0
  if (name.startsWith(q)) return 1
  if (name.includes(q)) return 2
  return 3
}

/** The items by how well their name matches the query; ties keep the server's order. */
export function rankForQuery<T extends Pick<ItemSummary, 'name'>>(query: string, items: readonly T[]): T[] {
  return items
    .map((item, i) => ({ item, i, rank: matchRank(query, item.name) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((x) => x.item)
}

/** Drops answers to earlier keystrokes: only the latest search may set the options. */
export function latestOnly() {
  let last = 0
  return {
    next: () => ++last,
    isLatest: (ticket: number) => ticket === last,
  }
}
