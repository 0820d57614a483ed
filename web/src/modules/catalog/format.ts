import type { CaseKind, TimeLimit } from '../../api/types'
import { codeLabel, type Translator } from '../../i18n'

/**
 * A time limit as people read it: "5 个工作日"; 0 on an immediate item is "即办（当场办结）".
 * Unknown units fall back to "value unit" so new server values still show something.
 */
export function formatLimit(tr: Translator, limit: TimeLimit | null | undefined, caseKind?: CaseKind | string): string {
  if (!limit || typeof limit.value !== 'number') {
    return caseKind === 'immediate' ? tr.t('limit.immediate', {}) : tr.t('limit.unknown', {})
  }
  if (limit.value === 0) return caseKind === 'immediate' ? tr.t('limit.immediate', {}) : tr.t('limit.zero', {})
  const key = `limit.unit.${limit.unit}`
  if (tr.te(key)) return tr.t(key, { n: limit.value })
  return tr.t('limit.other', { n: limit.value, unit: limit.unit ?? '' })
}

export type VisitBadge = 'zero' | 'one' | null

/** 一趟不用跑 when no visit is needed, 最多跑一次 when at most one. */
export function visitBadge(visitsRequired: number | null | undefined): VisitBadge {
  if (typeof visitsRequired !== 'number' || visitsRequired < 0) return null
  if (visitsRequired === 0) return 'zero'
  if (visitsRequired <= 1) return 'one'
  return null
}

export function itemTypeLabel(tr: Translator, itemType: string, itemTypeName?: string | null): string {
  return tr.te(`itemType.${itemType}`) ? tr.t(`itemType.${itemType}`, {}) : (itemTypeName ?? itemType)
}

export function channelLabel(tr: Translator, channel: string): string {
  return codeLabel(tr, 'channel', channel)
}

export const CHANNELS = ['window', 'online', 'mobile', 'kiosk', 'express'] as const

/** The service guide route for an item code (codes contain dashes and possibly other characters). */
export function guidePath(code: string): string {
  return `/items/${encodeURIComponent(code)}`
}
