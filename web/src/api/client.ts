import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { i18n } from '../i18n'
import { ApiError, parseProblem, parseRetryAfter, problemText } from './problem'

export { ApiError } from './problem'

export type QueryValue = string | number | boolean | null | undefined
export interface RequestOptions {
  query?: Record<string, QueryValue>
  body?: unknown
  /** Extra request headers (e.g. Idempotency-Key). */
  headers?: Record<string, string>
  signal?: AbortSignal
  /** true: never toast; a function: toast unless it returns true for this error. */
  silent?: boolean | ((err: ApiError) => boolean)
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue
    params.append(k, String(v))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

const t = (key: string, named?: Record<string, unknown>) => i18n.global.t(key, named ?? {})

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204 || res.status === 205) return undefined
  const text = await res.text()
  if (!text) return undefined
  const type = res.headers.get('content-type') ?? ''
  if (type.includes('json')) {
    try {
      return JSON.parse(text)
    } catch {
      return text
    }
  }
  return text
}

export function showError(err: unknown): void {
  if (err instanceof DOMException && err.name === 'AbortError') return
  const message = err instanceof ApiError ? problemText(err) : t('errors.unexpected')
  ElMessage({ type: 'error', message, grouping: true, showClose: true, duration: 5000 })
}

/**
 * Staff (workbench) and citizens (portal) have a session cookie each; for endpoints open to both (a case, a file)
 * X-Tongban-Actor says which of the two this page acts as. The staff pages are the workbench, the big screen and
 * the staff login; every other page is the portal's.
 */
export function actorForPath(path: string): 'staff' | 'citizen' {
  return /^\/(workbench|screen|login)(\/|$)/.test(path) ? 'staff' : 'citizen'
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  // X-Tongban-Client: the server refuses cookie-authenticated changes without it (CSRF defence).
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'X-Tongban-Client': 'web',
    'X-Tongban-Actor': actorForPath(window.location.pathname),
    ...opts.headers,
  }
  let body: BodyInit | undefined
  if (opts.body instanceof FormData) {
    // The browser sets multipart/form-data with its boundary.
    body = opts.body
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  let res: Response
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    const err = new ApiError(0, t('errors.network'))
    if (!isSilent(opts, err)) showError(err)
    throw err
  }
  const data = await readBody(res)
  if (res.ok) {
    // The dev/preview server answers unknown /api paths with index.html when no back end runs.
    if (typeof data === 'string' && data.trimStart().startsWith('<')) {
      const err = new ApiError(502, t('errors.backendUnavailable'))
      if (!isSilent(opts, err)) showError(err)
      throw err
    }
    return data as T
  }
  // 502-504 without a problem body: the back end is down or restarting behind the proxy.
  const fallback = res.status >= 502 && res.status <= 504 ? t('errors.backendUnavailable') : t('errors.http', { status: res.status })
  const err = parseProblem(res.status, data, fallback)
  err.retryAfter = parseRetryAfter(res.headers.get('retry-after'))
  if (!isSilent(opts, err)) showError(err)
  throw err
}

function isSilent(opts: RequestOptions, err: ApiError): boolean {
  return typeof opts.silent === 'function' ? opts.silent(err) : opts.silent === true
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body }),
  delete: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
}
