import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n } from '../../i18n'
import CallingPanel from './CallingPanel.vue'
import { allowedActions, intakeRoute, rememberedWindow, rememberWindow, stillAtWindow, type QueueTicket } from './desk'

const ticket = (over: Partial<QueueTicket> = {}): QueueTicket =>
  ({ id: 5, ticketNumber: 'A001', category: 'A', itemCode: null, priority: null, status: 'called', windowCode: 'W1', windowName: '综合受理窗口1',
    transferredToWindowCode: null, issuedAt: '2026-12-07T01:00:00Z', calledAt: '2026-12-07T01:05:00Z', startedAt: null, finishedAt: null, callCount: 1, ...over }) as QueueTicket

describe('calling panel logic', () => {
  beforeEach(() => localStorage.clear())

  it('offers the buttons of the ticket step', () => {
    expect(allowedActions(null)).toEqual(['call'])
    expect(allowedActions(ticket())).toEqual(['recall', 'skip', 'transfer', 'start'])
    expect(allowedActions(ticket({ status: 'serving' }))).toEqual(['transfer', 'finish'])
    expect(allowedActions(ticket({ status: 'finished' }))).toEqual(['call'])
  })

  it('remembers the window per service point and forgets one the point no longer has', () => {
    expect(rememberedWindow('350505-C', [{ code: 'W1' }])).toBeNull()
    rememberWindow('350505-C', 'W1')
    expect(rememberedWindow('350505-C', [{ code: 'W1' }, { code: 'W2' }])).toBe('W1')
    expect(rememberedWindow('350505100', [{ code: 'W1' }])).toBeNull()
    expect(rememberedWindow('350505-C', [{ code: 'W2' }])).toBeNull()
  })

  it('opens 窗口收件 with the ticket item when it has one', () => {
    expect(intakeRoute(ticket({ itemCode: 'ITEM-1' }))).toEqual({ path: '/workbench/accept', query: { ticket: 'A001', item: 'ITEM-1' } })
    expect(intakeRoute(ticket())).toEqual({ path: '/workbench/accept', query: { ticket: 'A001' } })
    expect(intakeRoute(ticket({ id: 42, ticketNumber: 'Y003', appointmentNumber: 'YY7K2QHD' }))).toEqual({ path: '/workbench/accept', query: { ticket: 'Y003', ticketId: '42' } })
  })

  it('keeps a ticket only while it is called or served at this window', () => {
    expect(stillAtWindow(ticket(), 'W1')).not.toBeNull()
    expect(stillAtWindow(ticket({ status: 'finished' }), 'W1')).toBeNull()
    expect(stillAtWindow(ticket({ status: 'waiting', windowCode: null }), 'W1')).toBeNull()
  })
})

const json = (body: unknown, status = 200) =>
  new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } })

describe('CallingPanel', () => {
  beforeEach(() => {
    localStorage.clear()
    i18n.global.locale.value = 'zh-CN'
  })
  afterEach(() => vi.unstubAllGlobals())

  async function mountPanel(server: (method: string, path: string) => Response) {
    const calls: string[] = []
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init)
      const url = new URL(request.url)
      calls.push(`${request.method} ${url.pathname}${url.search}`)
      return server(request.method, url.pathname + url.search)
    })
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { template: '<div />' } }] })
    await router.push('/workbench')
    const wrapper = mount(CallingPanel, { global: { plugins: [i18n, router, ElementPlus] } })
    await flushPromises()
    return { wrapper, calls, router }
  }

  const desk = (current: QueueTicket | null, waiting: number) => ({ servicePointCode: '350505-C', windows: [{ code: 'W1', name: '综合受理窗口1' }, { code: 'W2', name: '综合受理窗口2' }], windowCode: 'W1', current, waiting })

  it('calls at the remembered window, starts the ticket into 窗口收件 and clears when finished', async () => {
    rememberWindow('350505-C', 'W1')
    let state: QueueTicket | null = null
    const { wrapper, calls, router } = await mountPanel((_method, path) => {
      if (path.startsWith('/api/queue/desk')) return json(desk(state, state ? 0 : 1))
      if (path === '/api/queue/windows/W1/call-next') return json((state = ticket({ itemCode: 'ITEM-1' })))
      if (path === '/api/queue/tickets/5/start') return json((state = ticket({ itemCode: 'ITEM-1', status: 'serving' })))
      if (path === '/api/queue/tickets/5/finish') {
        state = null
        return json(ticket({ status: 'finished' }))
      }
      return json({ title: '未找到', status: 404 }, 404)
    })
    expect(calls[0]).toBe('GET /api/queue/desk')
    expect(calls[1]).toBe('GET /api/queue/desk?windowCode=W1')
    expect(wrapper.get('[data-testid=desk-waiting]').text()).toBe('等候 1 人')
    await wrapper.get('[data-testid=desk-call]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid=desk-ticket-number]').text()).toBe('A001')
    await wrapper.get('[data-testid=desk-start]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/workbench/accept?ticket=A001&item=ITEM-1')
    await wrapper.get('[data-testid=desk-finish]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid=desk-ticket-number]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=desk-call]').exists()).toBe(true)
  })

  it('shows the server problem next to the buttons', async () => {
    rememberWindow('350505-C', 'W1')
    const { wrapper } = await mountPanel((_method, path) => {
      if (path.startsWith('/api/queue/desk')) return json(desk(ticket(), 0))
      return json({ title: '排队号状态已变化', status: 409, code: 'queue.ticket_changed', detail: 'A001 号刚被其他操作处理，请刷新后再试。' }, 409)
    })
    await wrapper.get('[data-testid=desk-skip]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid=desk-error]').text()).toBe('排队号状态已变化：A001 号刚被其他操作处理，请刷新后再试。')
  })

  it('says so when nobody waits', async () => {
    rememberWindow('350505-C', 'W1')
    const { wrapper } = await mountPanel((_method, path) => {
      if (path.startsWith('/api/queue/desk')) return json(desk(null, 0))
      return json(null, 204)
    })
    await wrapper.get('[data-testid=desk-call]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid=desk-notice]').text()).toBe('当前没有等候的号')
  })
})
