import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

// The toast is what a user sees of an error; the tests look at what it would say.
const toast = vi.hoisted(() => vi.fn())
vi.mock('element-plus', () => ({ ElMessage: toast }))
vi.mock('element-plus/es/components/message/style/css', () => ({}))

import { actorForPath, ApiError, buildUrl, http, unwrap } from './client'

describe('buildUrl', () => {
  it('drops empty values and encodes the rest', () => {
    expect(buildUrl('/api/items', { q: '营业 执照', department: '', channel: undefined, page: 2, pageSize: null })).toBe(
      '/api/items?q=%E8%90%A5%E4%B8%9A+%E6%89%A7%E7%85%A7&page=2',
    )
    expect(buildUrl('/api/items', {})).toBe('/api/items')
  })
})

describe('actorForPath', () => {
  it('names the staff pages staff and every portal page citizen', () => {
    for (const p of ['/workbench', '/workbench/cases/350505-2026-000001', '/screen', '/login']) expect(actorForPath(p)).toBe('staff')
    for (const p of ['/', '/items/X1', '/me/cases', '/me/login', '/loginx', '/workbenches']) expect(actorForPath(p)).toBe('citizen')
  })
})

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })

function stubFetch(answer: () => Response | Promise<Response>) {
  const fetchMock = vi.fn(async (_req: Request) => answer())
  vi.stubGlobal('fetch', fetchMock)
  return () => fetchMock.mock.calls[0][0]
}

describe('the typed client', () => {
  beforeEach(() => toast.mockClear())
  afterEach(() => vi.unstubAllGlobals())

  it('sends the CSRF header, the actor, the Idempotency-Key and the JSON body with the same-origin cookie', async () => {
    window.history.replaceState(null, '', '/workbench/new')
    const sent = stubFetch(() => json({ caseNumber: '350505-2026-000001' }, 201))
    const body = { itemCode: 'X1' } as never
    const c = await unwrap(http.POST('/api/cases', { body, headers: { 'Idempotency-Key': 'k-1' } }))
    expect(c.caseNumber).toBe('350505-2026-000001')
    const req = sent()
    expect(req.method).toBe('POST')
    expect(new URL(req.url).pathname).toBe('/api/cases')
    expect(req.credentials).toBe('same-origin')
    expect(req.headers.get('X-Tongban-Client')).toBe('web')
    expect(req.headers.get('X-Tongban-Actor')).toBe('staff')
    expect(req.headers.get('Idempotency-Key')).toBe('k-1')
    expect(req.headers.get('Content-Type')).toBe('application/json')
    expect(await req.text()).toBe('{"itemCode":"X1"}')
    window.history.replaceState(null, '', '/')
  })

  it('fills path parameters encoded and leaves empty query values out', async () => {
    const sent = stubFetch(() => json({ items: [], total: 0 }))
    await unwrap(http.GET('/api/cases', { params: { query: { view: 'todo', q: '', page: 2 } } }))
    expect(new URL(sent().url).search).toBe('?view=todo&page=2')
    const sentCase = stubFetch(() => json({}))
    await unwrap(http.GET('/api/cases/{caseNumber}', { params: { path: { caseNumber: 'a/b' } } }))
    expect(new URL(sentCase().url).pathname).toBe('/api/cases/a%2Fb')
    expect(sentCase().headers.get('X-Tongban-Actor')).toBe('citizen')
  })

  it('turns a ProblemDetails response into an ApiError and toasts its Chinese title and detail', async () => {
    stubFetch(() =>
      json({ status: 409, title: '办件状态不允许此操作', detail: '已受理的办件不能再预审', code: 'case.invalid_transition' }, 409, {
        'Content-Type': 'application/problem+json',
        'Retry-After': '5',
      }),
    )
    const err = await unwrap(http.POST('/api/auth/logout')).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    const e = err as ApiError
    expect(e.status).toBe(409)
    expect(e.title).toBe('办件状态不允许此操作')
    expect(e.code).toBe('case.invalid_transition')
    expect(e.retryAfter).toBe(5)
    expect(toast).toHaveBeenCalledTimes(1)
    expect(toast.mock.calls[0][0]).toMatchObject({ type: 'error', message: '办件状态不允许此操作：已受理的办件不能再预审' })
  })

  it('keeps validation errors by field and stays quiet when the page shows them itself', async () => {
    stubFetch(() => json({ status: 400, title: '请求无效', errors: { reason: ['请填写原因'] } }, 400, { 'Content-Type': 'application/problem+json' }))
    const e = (await unwrap(http.POST('/api/auth/logout'), (x) => x.status === 400).catch((x: unknown) => x)) as ApiError
    expect(e.errors).toEqual({ reason: ['请填写原因'] })
    expect(e.detail).toBe('请填写原因')
    expect(toast).not.toHaveBeenCalled()
  })

  it('returns undefined for 204', async () => {
    stubFetch(() => new Response(null, { status: 204 }))
    await expect(unwrap(http.POST('/api/auth/logout'), true)).resolves.toBeUndefined()
  })

  it('names a network failure and an index.html answer (no back end behind the dev server)', async () => {
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')))
    expect(((await unwrap(http.GET('/api/auth/me'), true).catch((e: unknown) => e)) as ApiError).status).toBe(0)
    stubFetch(() => new Response('<!doctype html><html></html>', { status: 200, headers: { 'Content-Type': 'text/html' } }))
    expect(((await unwrap(http.GET('/api/auth/me'), true).catch((e: unknown) => e)) as ApiError).status).toBe(502)
  })

  it('lets an aborted call stay an AbortError, without a toast', async () => {
    stubFetch(() => Promise.reject(new DOMException('aborted', 'AbortError')))
    const e = await unwrap(http.GET('/api/auth/me')).catch((x: unknown) => x)
    expect((e as DOMException).name).toBe('AbortError')
    expect(toast).not.toHaveBeenCalled()
  })
})
