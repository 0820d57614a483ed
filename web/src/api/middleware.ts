// The cross-cutting behaviour of every API call, as openapi-fetch middleware: the headers the server expects
// from this web app, and error responses turned into ApiError (thrown, so a caller's `data` is always a success).
import type { Middleware } from 'openapi-fetch'
import { i18n } from '../i18n'
import { ApiError, parseProblem, parseRetryAfter } from './problem'

const t = (key: string, named?: Record<string, unknown>) => i18n.global.t(key, named ?? {})

/**
 * Staff (workbench) and citizens (portal) have a session cookie each; for endpoints open to both (a case, a file)
 * X-Tongban-Actor says which of the two this page acts as. The staff pages are the workbench, the big screen and
 * the staff login; every other page is the portal's.
 */
export function actorForPath(path: string): 'staff' | 'citizen' {
  return /^\/(workbench|screen|login)(\/|$)/.test(path) ? 'staff' : 'citizen'
}

/** Headers a call sets itself (Idempotency-Key, or one of these) win over the defaults. */
export const tongbanHeaders: Middleware = {
  onRequest({ request }) {
    const defaults: Record<string, string> = {
      Accept: 'application/json, application/problem+json',
      // The server refuses cookie-authenticated changes without it (CSRF defence).
      'X-Tongban-Client': 'web',
      'X-Tongban-Actor': actorForPath(window.location.pathname),
    }
    for (const [name, value] of Object.entries(defaults)) if (!request.headers.has(name)) request.headers.set(name, value)
    return request
  },
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text()
  if (!text) return undefined
  if ((res.headers.get('content-type') ?? '').includes('json')) {
    try {
      return JSON.parse(text)
    } catch {
      return text
    }
  }
  return text
}

const isJson = (res: Response) => (res.headers.get('content-type') ?? '').includes('json')

export const problemDetails: Middleware = {
  async onResponse({ response }) {
    if (response.status === 204 || response.status === 205) return undefined
    if (response.ok) {
      if (isJson(response)) return undefined
      const text = await response.clone().text()
      // The dev/preview server answers unknown /api paths with index.html when no back end runs.
      if (text.trimStart().startsWith('<')) throw new ApiError(502, t('errors.backendUnavailable'))
      // A plain-text answer reaches the caller as a string, as JSON parsing would otherwise fail on it.
      if (text) return new Response(JSON.stringify(text), { status: response.status, headers: { 'Content-Type': 'application/json' } })
      return undefined
    }
    // 502-504 without a problem body: the back end is down or restarting behind the proxy.
    const fallback =
      response.status >= 502 && response.status <= 504 ? t('errors.backendUnavailable') : t('errors.http', { status: response.status })
    const err = parseProblem(response.status, await readBody(response.clone()), fallback)
    err.retryAfter = parseRetryAfter(response.headers.get('retry-after'))
    throw err
  },
  onError({ error }) {
    // An aborted call (a newer search replaced it) stays an AbortError: callers ignore those.
    if (error instanceof DOMException && error.name === 'AbortError') return undefined
    return new ApiError(0, t('errors.network'))
  },
}
