import { afterEach, describe, expect, it, vi } from 'vitest'
import { actorForPath, ApiError, buildUrl, request } from './client'

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

describe('request', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('sends same-origin credentials and turns a problem response into an ApiError', async () => {
    const fetchMock = vi.fn(
      async () =>
        new Response(JSON.stringify({ status: 401, title: '用户名或密码错误', code: 'auth.invalid_credentials' }), {
          status: 401,
          headers: { 'Content-Type': 'application/problem+json' },
        }),
    )
    vi.stubGlobal('fetch', fetchMock)
    const err = await request<never>('POST', '/api/auth/staff/login', { body: { username: 'a', password: 'b' }, silent: true }).catch((e: ApiError) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(401)
    expect(err.title).toBe('用户名或密码错误')
    expect(err.code).toBe('auth.invalid_credentials')
    const init = (fetchMock.mock.calls[0] as unknown as [string, RequestInit])[1]
    expect(init.credentials).toBe('same-origin')
    expect(init.body).toBe('{"username":"a","password":"b"}')
  })

  it('returns undefined for 204', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 204 })))
    await expect(request('POST', '/api/auth/logout', { silent: true })).resolves.toBeUndefined()
  })
})
