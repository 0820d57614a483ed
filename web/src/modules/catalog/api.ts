import { http, unwrap } from '../../api/client'
import type { Department, ItemGuide, ItemKeywords, ItemPage, ItemQuery, SituationSet, SituationSetInput } from '../../api/types'

let departmentsCache: Promise<Department[]> | null = null

export function listDepartments(): Promise<Department[]> {
  departmentsCache ??= unwrap(http.GET('/api/departments')).catch((e) => {
    departmentsCache = null
    throw e
  })
  return departmentsCache
}

export function searchItems(query: ItemQuery, signal?: AbortSignal): Promise<ItemPage> {
  return unwrap(http.GET('/api/items', { params: { query }, signal }))
}

export function getItemGuide(code: string, signal?: AbortSignal): Promise<ItemGuide> {
  // 404 is shown inline as "not found" rather than as a toast.
  return unwrap(http.GET('/api/items/{code}', { params: { path: { code } }, signal }), (e) => e.status === 404)
}

export type LifeEvent = { code: string; audience: string; name: string; itemCount: number }

let lifeEventsCache: Promise<LifeEvent[]> | null = null

/** 主题服务: person and enterprise themes with their item counts. */
export function listLifeEvents(): Promise<LifeEvent[]> {
  lifeEventsCache ??= unwrap(http.GET('/api/life-events'), true).catch((e) => {
    lifeEventsCache = null
    throw e
  })
  return lifeEventsCache
}

/** Admin: an item's 情形引导 as a whole (questions and material rules). */
export function getSituationSet(code: string): Promise<SituationSet> {
  return unwrap(http.GET('/api/admin/items/{code}/situations', { params: { path: { code } } }))
}

/** Admin: replaces the questions and rules; 400 comes back with the fields at fault for the form to show. */
export function saveSituationSet(code: string, body: SituationSetInput): Promise<SituationSet> {
  return unwrap(http.PUT('/api/admin/items/{code}/situations', { params: { path: { code } }, body }), (e) => e.status === 400)
}

/** Admin: the search keywords of an item (effective at once, no new version). */
export function getItemKeywords(code: string): Promise<ItemKeywords> {
  return unwrap(http.GET('/api/admin/items/{code}/keywords', { params: { path: { code } } }))
}

export function saveItemKeywords(code: string, keywords: string[]): Promise<ItemKeywords> {
  return unwrap(http.PUT('/api/admin/items/{code}/keywords', { params: { path: { code } }, body: { keywords } }), (e) => e.status === 400)
}
