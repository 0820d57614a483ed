import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../../i18n'
import { DEVICE_TOKEN_KEY } from './api'
import { isValidIdNumber } from './bridge'
import { createIdleTimer, IDLE_END_MS, IDLE_WARNING_MS } from './idleTimer'
import { createJourney, isBlank, resetJourney } from './journey'
import KioskHome from './KioskHome.vue'
import { combinePages, jpegSize } from './pages'
import { createSimulatedAgent, demoCards, samplePdf } from './simulatedAgent'

describe('kiosk idle rule', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('warns at 45 s and ends at 60 s without a touch', () => {
    const warn = vi.fn()
    const end = vi.fn()
    const idle = createIdleTimer(warn, end)
    idle.touch()
    vi.advanceTimersByTime(IDLE_WARNING_MS - 1)
    expect(warn).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(warn).toHaveBeenCalledOnce()
    expect(end).not.toHaveBeenCalled()
    vi.advanceTimersByTime(IDLE_END_MS - IDLE_WARNING_MS)
    expect(end).toHaveBeenCalledOnce()
    expect(idle.running).toBe(false)
  })

  it('restarts the count on every touch and stays silent once stopped', () => {
    const end = vi.fn()
    const idle = createIdleTimer(() => {}, end)
    idle.touch()
    vi.advanceTimersByTime(59_000)
    idle.touch()
    vi.advanceTimersByTime(59_000)
    expect(end).not.toHaveBeenCalled()
    idle.stop()
    vi.advanceTimersByTime(120_000)
    expect(end).not.toHaveBeenCalled()
  })
})

describe('simulated agent', () => {
  it('offers demo cards with valid check characters, one of them expired', () => {
    expect(demoCards.length).toBeGreaterThanOrEqual(2)
    for (const card of demoCards) expect(isValidIdNumber(card.idNumber)).toBe(true)
    expect(demoCards.some((c) => c.validUntil && c.validUntil < '2026-01-01')).toBe(true)
    expect(isValidIdNumber('11010519491231002Y')).toBe(false)
  })

  it('reports card placed and removed, scans PDF pages and keeps the printed receipt until the tray is cleared', async () => {
    const agent = createSimulatedAgent()
    const placed = vi.fn()
    const removed = vi.fn()
    agent.onCardPlaced(placed)
    agent.onCardRemoved(removed)
    agent.placeCard(demoCards[0]!)
    expect(placed).toHaveBeenCalledWith(demoCards[0])
    agent.removeCard()
    expect(removed).toHaveBeenCalledOnce()
    const pages = await agent.scan()
    expect(pages[0]!.blob.type).toBe('application/pdf')
    expect(await pages[0]!.blob.text()).toMatch(/^%PDF-1\.4[\s\S]*%%EOF\n$/)
    await agent.print(samplePdf('receipt'))
    expect(agent.printed.value).toHaveLength(1)
    agent.clearTray()
    expect(agent.printed.value).toHaveLength(0)
    agent.setPrinterState('paperOut')
    await expect(agent.print(samplePdf('x'))).rejects.toThrow()
    expect((await agent.status()).printer).toBe('paperOut')
  })
})

describe('scanned pages', () => {
  // SOI, APP0 (length 16), SOF0 with height 297 and width 210, EOI: enough for the size and the PDF.
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...new Array(14).fill(0), 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0x29, 0x00, 0xd2, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xd9])

  it('reads a JPEG\'s size and combines JPEG pages into one PDF with a page each', async () => {
    expect(jpegSize(jpeg)).toEqual({ width: 210, height: 297 })
    const page = (n: number) => ({ blob: new Blob([jpeg], { type: 'image/jpeg' }), fileName: `p${n}.jpg` })
    const doc = await combinePages([page(1), page(2)], 'household-register')
    expect(doc.fileName).toBe('household-register.pdf')
    const text = await doc.blob.text()
    expect(text.startsWith('%PDF-1.4')).toBe(true)
    expect(text).toContain('/Count 2')
    expect(text.match(/\/Subtype \/Image/g)).toHaveLength(2)
    // One page goes as it is.
    const single = page(3)
    expect(await combinePages([single], 'x')).toBe(single)
  })
})

describe('kiosk visit state', () => {
  it('is blank again after a reset', () => {
    const journey = createJourney()
    journey.stage = 'confirm'
    journey.session = { sessionToken: 's', expiresAt: '', person: { name: '陈*玲', idNumber: '1101**********002X' } }
    journey.reused = { 'resident-id-card': 7 }
    journey.scanned = { other: [{ blob: samplePdf('p'), fileName: 'a.pdf' }] }
    journey.elderMode = true
    // The express address typed for the result is this person's too.
    Object.assign(journey.delivery, { method: 'express', town: '南埔镇', detail: '肖厝村 88 号' })
    expect(isBlank(journey)).toBe(false)
    resetJourney(journey)
    expect(isBlank(journey)).toBe(true)
    expect(journey.delivery).toMatchObject({ method: 'pickup', town: '', detail: '' })
  })
})

type Call = { method: string; path: string; headers: Headers }

function stubServer(calls: Call[]) {
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(new URL(String(input), 'http://localhost'), init)
    const url = new URL(request.url)
    calls.push({ method: request.method, path: url.pathname, headers: request.headers })
    const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
    if (url.pathname === '/api/dev/sms') return json({ title: '缺少手机号', status: 400 }, 400)
    if (url.pathname === '/api/kiosk/heartbeat') return new Response(null, { status: 204 })
    if (url.pathname === '/api/kiosk/sessions' && request.method === 'POST')
      return json({ sessionToken: 'session-1', expiresAt: '2026-12-07T16:00:00Z', person: { name: '陈*玲', idNumber: '110105********002X' } }, 201)
    if (url.pathname === '/api/kiosk/sessions/current') return new Response(null, { status: 204 })
    if (url.pathname === '/api/kiosk/items')
      return json({
        items: { items: [{ code: 'ITEM-1', name: '城乡居民基本养老保险参保登记', departmentName: '区人社局' }], total: 1 },
        services: [
          { code: 'housing-fund-balance', name: '公积金余额查询', provider: '泉州市住房公积金中心', kind: 'query', category: 'housing', hours: '24 小时', hotline: '12329', runnable: true },
          { code: 'mobile-bill', name: '话费查询', provider: '中国移动', kind: 'query', category: 'telecom', hours: '24 小时', hotline: '10086', runnable: false },
        ],
        categories: [{ code: 'P01', name: '社会保障', kind: 'items', count: 1 }],
      })
    if (url.pathname === '/api/kiosk/services/housing-fund-balance/run' && request.method === 'POST')
      return json({ code: 'housing-fund-balance', name: '公积金余额查询', provider: '泉州市住房公积金中心', kind: 'query', isDemo: true,
        fields: [{ label: '账户余额', value: '12,345.67 元' }, { label: '数据说明', value: '演示数据' }], pdfBase64: null })
    return json({ title: '未找到', status: 404 }, 404)
  })
}

describe('KioskHome', () => {
  let calls: Call[]
  beforeEach(() => {
    vi.useFakeTimers()
    calls = []
    localStorage.clear()
    sessionStorage.clear()
    localStorage.setItem(DEVICE_TOKEN_KEY, 'device-1')
    vi.stubGlobal('fetch', stubServer(calls))
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.useRealTimers()
  })

  async function mountWithCard() {
    const wrapper = mount(KioskHome, { global: { plugins: [i18n] }, attachTo: document.body })
    await vi.runOnlyPendingTimersAsync().catch(() => {})
    await flushPromises()
    await wrapper.get('[data-testid="sim-card"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="kiosk-person"]').text()).toContain('陈*玲')
    await wrapper.get('[data-testid="kiosk-search"]').setValue('养老')
    await wrapper.get('[data-testid="kiosk-search"]').trigger('pointerdown')
    await flushPromises()
    return wrapper
  }

  function expectNothingOfThePerson(wrapper: ReturnType<typeof mount>) {
    expect(wrapper.find('[data-testid="kiosk-idle"]').exists()).toBe(true)
    expect(wrapper.text()).not.toContain('陈*玲')
    expect(wrapper.find('[data-testid="kiosk-person"]').exists()).toBe(false)
    // Only the device credential is stored; nothing of the person.
    expect(Object.keys(localStorage)).toEqual([DEVICE_TOKEN_KEY])
    expect(sessionStorage.length).toBe(0)
    const end = calls.find((c) => c.method === 'DELETE' && c.path === '/api/kiosk/sessions/current')
    expect(end?.headers.get('X-Kiosk-Session')).toBe('session-1')
  }

  it('sends the device token and ends the visit after 60 s without a touch, warning at 45 s', async () => {
    const wrapper = await mountWithCard()
    const session = calls.find((c) => c.path === '/api/kiosk/sessions')
    expect(session?.headers.get('X-Kiosk-Device')).toBe('device-1')
    await vi.advanceTimersByTimeAsync(IDLE_WARNING_MS)
    expect(wrapper.find('[data-testid="kiosk-idle-warning"]').exists()).toBe(true)
    await vi.advanceTimersByTimeAsync(IDLE_END_MS - IDLE_WARNING_MS)
    await flushPromises()
    expectNothingOfThePerson(wrapper)
    wrapper.unmount()
  })

  it('runs a 便民服务 for the card holder, offers no button without a connector, and forgets the answer with the card', async () => {
    const wrapper = await mountWithCard()
    const buttons = wrapper.findAll('[data-testid="kiosk-service-run"]')
    expect(buttons).toHaveLength(1)
    await buttons[0]!.trigger('click')
    await flushPromises()
    const run = calls.find((c) => c.path === '/api/kiosk/services/housing-fund-balance/run')
    expect(run?.headers.get('X-Kiosk-Session')).toBe('session-1')
    expect(wrapper.get('[data-testid="kiosk-service-result"]').text()).toContain('12,345.67 元')
    await wrapper.get('[data-testid="sim-remove-card"]').trigger('click')
    await flushPromises()
    expectNothingOfThePerson(wrapper)
    expect(wrapper.text()).not.toContain('12,345.67')
    wrapper.unmount()
  })

  it('ends the visit and clears everything when the card is taken away', async () => {
    const wrapper = await mountWithCard()
    await wrapper.get('[data-testid="kiosk-search"]').setValue('养老保险')
    await wrapper.get('[data-testid="sim-remove-card"]').trigger('click')
    await flushPromises()
    expectNothingOfThePerson(wrapper)
    // The next person's search box starts empty.
    await wrapper.get('[data-testid="sim-card"]').trigger('click')
    await flushPromises()
    expect((wrapper.get('[data-testid="kiosk-search"]').element as HTMLInputElement).value).toBe('')
    wrapper.unmount()
  })

  it('sends a heartbeat with the devices\' status every 30 s', async () => {
    const wrapper = mount(KioskHome, { global: { plugins: [i18n] } })
    await flushPromises()
    const beats = () => calls.filter((c) => c.path === '/api/kiosk/heartbeat').length
    const before = beats()
    await vi.advanceTimersByTimeAsync(30_000)
    expect(beats()).toBe(before + 1)
    await vi.advanceTimersByTimeAsync(30_000)
    expect(beats()).toBe(before + 2)
    wrapper.unmount()
  })

  it('forgets a revoked device token and asks for enrolment again', async () => {
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input), 'http://localhost')
      if (url.pathname === '/api/dev/sms') return new Response('{}', { status: 400, headers: { 'Content-Type': 'application/json' } })
      if (url.pathname === '/api/kiosk/heartbeat') return new Response(JSON.stringify({ title: '终端已吊销', status: 401 }), { status: 401, headers: { 'Content-Type': 'application/json' } })
      return new Response(null, { status: 204, ...init })
    })
    const wrapper = mount(KioskHome, { global: { plugins: [i18n] } })
    await flushPromises()
    await flushPromises()
    expect(wrapper.find('[data-testid="kiosk-enrol"]').exists()).toBe(true)
    expect(localStorage.getItem(DEVICE_TOKEN_KEY)).toBeNull()
    wrapper.unmount()
  })

  it('turns 长辈模式 off for the next person', async () => {
    const wrapper = await mountWithCard()
    await wrapper.get('[data-testid="elder-mode"]').trigger('click')
    expect(wrapper.get('[data-testid="kiosk"]').classes()).toContain('kiosk--elder')
    await wrapper.get('[data-testid="end-visit"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="kiosk"]').classes()).not.toContain('kiosk--elder')
    expectNothingOfThePerson(wrapper)
    wrapper.unmount()
  })

  it('shows the enrolment screen when the browser holds no device token', async () => {
    localStorage.clear()
    const wrapper = mount(KioskHome, { global: { plugins: [i18n] } })
    await flushPromises()
    expect(wrapper.find('[data-testid="kiosk-enrol"]').exists()).toBe(true)
    wrapper.unmount()
  })
})
