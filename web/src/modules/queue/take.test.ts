import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../../i18n'
import { DEVICE_TOKEN_KEY } from '../kiosks/api'
import { TICKET_SHOWN_MS } from './api'
import TicketTake from './TicketTake.vue'

type Call = { method: string; path: string; body: unknown; device: string | null }

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } })

function stubServer(calls: Call[], refuse = false) {
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init)
    const url = new URL(request.url)
    const body = request.method === 'POST' ? await request.json() : null
    calls.push({ method: request.method, path: url.pathname, body, device: request.headers.get('X-Kiosk-Device') })
    if (url.pathname === '/api/queue/350505-C/board')
      return json({ calling: [], waiting: [{ category: 'A', categoryName: '综合', count: 4 }, { category: 'B', categoryName: '社会保险', count: 0 }] })
    if (url.pathname === '/api/queue/tickets' && (body as { appointmentNumber?: string }).appointmentNumber === 'YY261207AAAAAA')
      return json({ title: '请求参数有误', status: 400, code: 'validation', errors: { appointmentNumber: ['该预约的日期是 2026年12月8日，不是今天'] } }, 400)
    if (url.pathname === '/api/queue/tickets' && (body as { appointmentNumber?: string }).appointmentNumber)
      return json({ id: 8, ticketNumber: 'Y001', category: 'B', categoryName: '社会保险', priority: null, waitingAhead: 0, status: 'waiting', appointmentNumber: 'YY2612072345AB', slotStart: '09:00', slotEnd: '09:30' }, 201)
    if (url.pathname === '/api/queue/tickets' && refuse)
      return json({ title: '取号过于频繁', status: 429, code: 'queue.too_many_tickets', detail: '同一网络每分钟最多取 6 个号，请稍后再试或到大厅取号机取号。' }, 429)
    if (url.pathname === '/api/queue/tickets')
      return json({ id: 7, ticketNumber: 'B001', category: 'B', categoryName: '社会保险', priority: 'elderly', waitingAhead: 0, status: 'waiting' }, 201)
    return json({ title: '未找到', status: 404 }, 404)
  }
}

describe('TicketTake (取号机)', () => {
  let calls: Call[]
  beforeEach(() => {
    vi.useFakeTimers()
    calls = []
    localStorage.clear()
    i18n.global.locale.value = 'zh-CN'
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.useRealTimers()
  })

  it('offers the point\'s categories with the people waiting, takes a priority ticket and shows it, then is ready again', async () => {
    localStorage.setItem(DEVICE_TOKEN_KEY, 'device-1')
    vi.stubGlobal('fetch', stubServer(calls))
    const wrapper = mount(TicketTake, { props: { point: '350505-C' }, global: { plugins: [i18n] } })
    await flushPromises()
    expect(wrapper.get('[data-testid="queue-category-A"]').text()).toContain('4 人等候')
    await wrapper.get('[data-testid="queue-priority-elderly"]').trigger('click')
    expect(wrapper.get('[data-testid="queue-priority-elderly"]').attributes('aria-pressed')).toBe('true')
    await wrapper.get('[data-testid="queue-category-B"]').trigger('click')
    await flushPromises()
    const post = calls.find((c) => c.method === 'POST')!
    expect(post.body).toMatchObject({ servicePointCode: '350505-C', category: 'B', priority: 'elderly' })
    // The enrolled ticket machine says so: the per-network limit is not its.
    expect(post.device).toBe('device-1')
    expect(wrapper.get('[data-testid="queue-ticket-number"]').text()).toBe('B001')
    expect(wrapper.get('[data-testid="queue-ticket-ahead"]').text()).toBe('前面还有 0 人等候')
    await vi.advanceTimersByTimeAsync(TICKET_SHOWN_MS)
    await flushPromises()
    expect(wrapper.find('[data-testid="queue-ticket"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="queue-category-A"]').exists()).toBe(true)
  })

  it('takes anonymously off a kiosk and shows the server\'s reason when refused', async () => {
    vi.stubGlobal('fetch', stubServer(calls, true))
    const wrapper = mount(TicketTake, { props: { point: '350505-C' }, global: { plugins: [i18n] } })
    await flushPromises()
    await wrapper.get('[data-testid="queue-category-A"]').trigger('click')
    await flushPromises()
    expect(calls.find((c) => c.method === 'POST')!.device).toBeNull()
    expect(wrapper.get('[role="alert"]').text()).toContain('每分钟最多取 6 个号')
    expect(wrapper.find('[data-testid="queue-ticket"]').exists()).toBe(false)
  })

  it('checks in with the appointment number typed on large keys and shows the Y ticket with its slot', async () => {
    vi.stubGlobal('fetch', stubServer(calls))
    const wrapper = mount(TicketTake, { props: { point: '350505-C' }, global: { plugins: [i18n] } })
    await flushPromises()
    await wrapper.get('[data-testid="queue-checkin-start"]').trigger('click')
    expect(wrapper.get('[data-testid="queue-checkin-number"]').text()).toBe('YY')
    for (const k of '2612072345AC') await wrapper.get(`[data-testid="queue-key-${k}"]`).trigger('click')
    await wrapper.get('[data-testid="queue-key-delete"]').trigger('click')
    await wrapper.get('[data-testid="queue-key-B"]').trigger('click')
    expect(wrapper.get('[data-testid="queue-checkin-number"]').text()).toBe('YY2612072345AB')
    // No more characters than an appointment number has.
    await wrapper.get('[data-testid="queue-key-9"]').trigger('click')
    expect(wrapper.get('[data-testid="queue-checkin-number"]').text()).toBe('YY2612072345AB')
    await wrapper.get('[data-testid="queue-checkin-submit"]').trigger('click')
    await flushPromises()
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({ servicePointCode: '350505-C', appointmentNumber: 'YY2612072345AB' })
    expect(wrapper.get('[data-testid="queue-ticket-number"]').text()).toBe('Y001')
    expect(wrapper.get('[data-testid="queue-ticket-slot"]').text()).toBe('预约时段 09:00-09:30')
    await vi.advanceTimersByTimeAsync(TICKET_SHOWN_MS)
    await flushPromises()
    expect(wrapper.find('[data-testid="queue-checkin"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="queue-category-A"]').exists()).toBe(true)
  })

  it('shows why an appointment number is refused and keeps it for correcting', async () => {
    vi.stubGlobal('fetch', stubServer(calls))
    const wrapper = mount(TicketTake, { props: { point: '350505-C' }, global: { plugins: [i18n] } })
    await flushPromises()
    await wrapper.get('[data-testid="queue-checkin-start"]').trigger('click')
    for (const k of '261207AAAAAA') await wrapper.get(`[data-testid="queue-key-${k}"]`).trigger('click')
    await wrapper.get('[data-testid="queue-checkin-submit"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toContain('不是今天')
    expect(wrapper.get('[data-testid="queue-checkin-number"]').text()).toBe('YY261207AAAAAA')
    await wrapper.get('[data-testid="queue-key-clear"]').trigger('click')
    expect(wrapper.get('[data-testid="queue-checkin-number"]').text()).toBe('YY')
  })
})
