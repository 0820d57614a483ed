import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../../i18n'
import { DEVICE_TOKEN_KEY } from './api'
import { FIGURES_REFRESH_MS, formatCount, formatRate, pollFigures, rankingRows, type PublicFigures } from './figures'
import KioskHome from './KioskHome.vue'

const figures = (applicationsToday: number): PublicFigures => ({
  date: '2026-12-07',
  monthStart: '2026-12-01',
  applicationsToday,
  kioskApplicationsToday: 37,
  completedToday: 1204,
  windowRanking: [
    { name: '综合受理窗口3', servicePointName: '区行政服务中心', count: 1520 },
    { name: '代办窗口', servicePointName: '', count: 12 },
  ],
  satisfaction: { ratings: 2345, goodRate: 0.9876 },
  computedAt: '2026-12-07T02:00:00Z',
})

describe('public figures formatting', () => {
  it('groups digits for large type and shows a dash for a missing count', () => {
    expect(formatCount(12345, 'zh-CN')).toBe('12,345')
    expect(formatCount(12345, 'en')).toBe('12,345')
    expect(formatCount(0, 'zh-CN')).toBe('0')
    expect(formatCount(null, 'zh-CN')).toBe('—')
  })

  it('shows 满意率 as a percentage with one decimal, and a dash when nothing was rated', () => {
    expect(formatRate(0.9876, 'zh-CN')).toBe('98.8%')
    expect(formatRate(1, 'en')).toBe('100.0%')
    expect(formatRate(null, 'zh-CN')).toBe('—')
  })

  it('ranks at most five windows, naming the point beside the window', () => {
    const rows = rankingRows(figures(1), 'zh-CN')
    expect(rows).toEqual([
      { place: 1, name: '综合受理窗口3（区行政服务中心）', count: '1,520' },
      { place: 2, name: '代办窗口', count: '12' },
    ])
    const many = { windowRanking: Array.from({ length: 8 }, (_, i) => ({ name: `窗口${i}`, servicePointName: '', count: 10 - i })) }
    expect(rankingRows(many, 'zh-CN')).toHaveLength(5)
    expect(rankingRows(null, 'zh-CN')).toEqual([])
  })
})

describe('figures polling', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('loads now and every 60 s, keeps the last figures when a load fails, and stops when told', async () => {
    const answers: (PublicFigures | null)[] = [figures(1), null, figures(3)]
    const load = vi.fn(async () => answers.shift() ?? null)
    const shown: number[] = []
    const poller = pollFigures(load, (f) => shown.push(f.applicationsToday))
    await vi.advanceTimersByTimeAsync(0)
    expect(shown).toEqual([1])
    await vi.advanceTimersByTimeAsync(FIGURES_REFRESH_MS)
    expect(shown).toEqual([1])
    await vi.advanceTimersByTimeAsync(FIGURES_REFRESH_MS)
    expect(shown).toEqual([1, 3])
    poller.stop()
    await vi.advanceTimersByTimeAsync(FIGURES_REFRESH_MS * 3)
    expect(load).toHaveBeenCalledTimes(3)
  })
})

describe('KioskHome attract screen', () => {
  let requests: { path: string; headers: Headers }[]
  let served = 0
  beforeEach(() => {
    vi.useFakeTimers()
    requests = []
    served = 0
    localStorage.clear()
    localStorage.setItem(DEVICE_TOKEN_KEY, 'device-1')
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(new URL(String(input), 'http://localhost'), init)
      const path = new URL(request.url).pathname
      requests.push({ path, headers: request.headers })
      const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
      // The dev SMS endpoint answers (demo mode): the simulated agent and its demo cards are there.
      if (path === '/api/dev/sms') return json({ title: '缺少手机号', status: 400 }, 400)
      if (path === '/api/public/figures') return json(figures(1000 + ++served))
      if (path === '/api/kiosk/heartbeat' || path === '/api/kiosk/sessions/current') return new Response(null, { status: 204 })
      if (path === '/api/kiosk/sessions')
        return json({ sessionToken: 'session-1', expiresAt: '2026-12-07T16:00:00Z', person: { name: '陈*玲', idNumber: '110105********002X' } }, 201)
      if (path === '/api/kiosk/items') return json({ items: { items: [], total: 0 }, services: [], categories: [] })
      return json({ title: '未找到', status: 404 }, 404)
    })
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.useRealTimers()
  })

  const figureRequests = () => requests.filter((r) => r.path === '/api/public/figures')

  it('shows the figures above 请放置身份证, refreshes them every 60 s while idle, and hides them during a session', async () => {
    i18n.global.locale.value = 'zh-CN'
    const wrapper = mount(KioskHome, { global: { plugins: [i18n] }, attachTo: document.body })
    await vi.advanceTimersByTimeAsync(0)
    await flushPromises()
    const idle = wrapper.get('[data-testid="kiosk-idle"]')
    expect(idle.get('[data-testid="figure-applications"]').text()).toBe('1,001')
    expect(idle.get('[data-testid="figure-kiosk-applications"]').text()).toBe('37')
    expect(idle.get('[data-testid="figure-satisfaction"]').text()).toBe('98.8%')
    expect(idle.get('[data-testid="figure-ranking"]').text()).toContain('综合受理窗口3')
    // Above the prompt, and asked for without the device's credential.
    expect(idle.html().indexOf('kiosk-figures')).toBeLessThan(idle.html().indexOf('请放置身份证'))
    expect(figureRequests()[0]!.headers.get('X-Kiosk-Device')).toBeNull()

    await vi.advanceTimersByTimeAsync(FIGURES_REFRESH_MS)
    await flushPromises()
    expect(wrapper.get('[data-testid="figure-applications"]').text()).toBe('1,002')

    // A card: the boards go, and are not asked for while the person is served.
    await wrapper.get('[data-testid="sim-card"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="kiosk-person"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="kiosk-figures"]').exists()).toBe(false)
    const asked = figureRequests().length
    await wrapper.get('[data-testid="end-visit"]').trigger('pointerdown')
    await vi.advanceTimersByTimeAsync(30_000)
    expect(figureRequests().length).toBe(asked)

    // Back to idle: they return, fresh.
    await wrapper.get('[data-testid="end-visit"]').trigger('click')
    await flushPromises()
    await vi.advanceTimersByTimeAsync(0)
    await flushPromises()
    expect(wrapper.find('[data-testid="kiosk-figures"]').exists()).toBe(true)
    expect(figureRequests().length).toBe(asked + 1)
    wrapper.unmount()
  })

  it('speaks English too', async () => {
    i18n.global.locale.value = 'en'
    const wrapper = mount(KioskHome, { global: { plugins: [i18n] } })
    await vi.advanceTimersByTimeAsync(0)
    await flushPromises()
    expect(wrapper.get('[data-testid="kiosk-figures"]').text()).toContain('Applications today')
    expect(wrapper.get('[data-testid="figure-ranking"]').text()).toContain('1,520 cases')
    wrapper.unmount()
    i18n.global.locale.value = 'zh-CN'
  })
})
