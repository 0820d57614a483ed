import { http, unwrap } from '../../api/client'
import type { Department, ItemGuide, ItemPage, ItemQuery } from '../../api/types'

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
