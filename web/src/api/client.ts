import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import createClient from 'openapi-fetch'
import { i18n } from '../i18n'
import { problemDetails, tongbanHeaders } from './middleware'
import { ApiError, problemText } from './problem'
import type { paths } from './schema'

export { ApiError } from './problem'
export { actorForPath } from './middleware'

export type QueryValue = string | number | boolean | null | undefined

/** A query string without empty values (the server reads a missing filter and an empty one alike; URLs stay short). */
export function queryString(query: Record<string, unknown>): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue
    if (Array.isArray(v)) for (const x of v) params.append(k, String(x))
    else params.append(k, String(v))
  }
  return params.toString()
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const qs = query ? queryString(query) : ''
  return qs ? `${path}?${qs}` : path
}

/**
 * The typed client: paths, parameters and bodies are checked against the server's OpenAPI document (schema.d.ts),
 * so a wrong path or body fails the type check. Error responses are thrown as ApiError by the middleware.
 */
export const http = createClient<paths>({
  // Absolute, so a Request can be built outside a page too (tests); in the browser it is the page's own origin.
  baseUrl: globalThis.location?.origin ?? '',
  credentials: 'same-origin',
  querySerializer: queryString,
  // Looked up on each call, not captured once, so tests can stub the global fetch.
  fetch: (request: Request) => globalThis.fetch(request),
})
http.use(tongbanHeaders, problemDetails)

export function showError(err: unknown): void {
  if (err instanceof DOMException && err.name === 'AbortError') return
  const message = err instanceof ApiError ? problemText(err) : i18n.global.t('errors.unexpected')
  ElMessage({ type: 'error', message, grouping: true, showClose: true, duration: 5000 })
}

/** true: never toast; a function: toast unless it returns true for this error (the page shows it itself). */
export type Silent = boolean | ((err: ApiError) => boolean)

/**
 * The data of a call; an ApiError is toasted (unless silent) and thrown. The server's Chinese title and detail
 * are what the user reads.
 */
export async function unwrap<R extends { data?: unknown }>(pending: Promise<R>, silent: Silent = false): Promise<NonNullable<R['data']>> {
  try {
    const { data } = await pending
    return data as NonNullable<R['data']>
  } catch (e) {
    if (e instanceof ApiError && !(typeof silent === 'function' ? silent(e) : silent)) showError(e)
    throw e
  }
}
