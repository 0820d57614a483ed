import { describe, expect, it } from 'vitest'
import { ApiError, parseProblem, problemText } from './problem'

describe('parseProblem', () => {
  it('reads title, detail, code and status from an RFC 9457 body', () => {
    const err = parseProblem(
      409,
      { type: 'about:blank', status: 409, title: '当前状态不允许此操作', detail: '办件已办结', code: 'case.transition_not_allowed' },
      'fallback',
    )
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(409)
    expect(err.title).toBe('当前状态不允许此操作')
    expect(err.detail).toBe('办件已办结')
    expect(err.code).toBe('case.transition_not_allowed')
    expect(problemText(err)).toBe('当前状态不允许此操作：办件已办结')
  })

  it('collects validation errors per field and uses them as the detail when none is given', () => {
    const err = parseProblem(
      400,
      { status: 400, title: '请求参数有误', errors: { username: ['请输入用户名'], password: ['请输入密码', '密码过短'], bad: 5 } },
      'fallback',
    )
    expect(err.errors).toEqual({ username: ['请输入用户名'], password: ['请输入密码', '密码过短'] })
    expect(err.fieldMessages).toEqual(['请输入用户名', '请输入密码', '密码过短'])
    expect(err.detail).toBe('请输入用户名；请输入密码；密码过短')
  })

  it('falls back when the body is not a problem document', () => {
    for (const body of [undefined, '<html>Bad gateway</html>', [1, 2], null]) {
      const err = parseProblem(502, body, '请求失败（502）')
      expect(err.status).toBe(502)
      expect(err.title).toBe('请求失败（502）')
      expect(err.detail).toBeUndefined()
      expect(err.errors).toEqual({})
    }
  })

  it('keeps the HTTP status when the body has none and ignores blank titles', () => {
    const err = parseProblem(423, { title: '  ', detail: '账号已锁定，请 15 分钟后再试' }, '登录失败')
    expect(err.status).toBe(423)
    expect(err.title).toBe('登录失败')
    expect(problemText(err)).toBe('登录失败：账号已锁定，请 15 分钟后再试')
  })

  it('shows just the title when there is no detail', () => {
    expect(problemText(new ApiError(401, '用户名或密码错误'))).toBe('用户名或密码错误')
  })
})

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', async () => {
    const { parseRetryAfter } = await import('./problem')
    expect(parseRetryAfter('59')).toBe(59)
    expect(parseRetryAfter(null)).toBeUndefined()
    expect(parseRetryAfter('soon')).toBeUndefined()
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 0)).toBe(10)
  })
})
