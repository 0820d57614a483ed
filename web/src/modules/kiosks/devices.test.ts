import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../../i18n'
import KioskDevices from './KioskDevices.vue'

const kiosks = Array.from({ length: 13 }, (_, i) => ({
  code: `K${String(i + 1).padStart(2, '0')}`,
  name: `自助终端 ${i + 1}`,
  locationName: i < 4 ? '建设银行泉港支行' : '区行政服务中心 24 小时自助区',
  locationKind: 'bankLobby',
  online: i !== 2,
  lastHeartbeatAt: i === 2 ? null : '2026-12-07T07:30:00Z',
  faults: i === 5 ? ['printer:paperOut'] : [],
  applicationsToday: i,
}))

describe('admin device page', () => {
  const calls: { method: string; path: string; headers: Headers }[] = []
  beforeEach(() => {
    calls.length = 0
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = new URL(String(input), 'http://localhost').pathname
      const method = init?.method ?? 'GET'
      calls.push({ method, path, headers: new Headers(init?.headers) })
      const json = (b: unknown, status = 200) => new Response(JSON.stringify(b), { status, headers: { 'Content-Type': 'application/json' } })
      if (path === '/api/kiosks') return json(kiosks)
      if (path === '/api/admin/kiosks/K03/enrolment' && method === 'POST') return json({ enrolmentCode: '482913', expiresAt: '2026-12-08T07:30:00Z' }, 201)
      return json({ title: '未找到', status: 404 }, 404)
    })
  })
  afterEach(() => vi.unstubAllGlobals())

  it('lists the 13 kiosks with their state and shows an issued enrolment code once', async () => {
    const wrapper = mount(KioskDevices, { global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    expect(wrapper.text()).toContain('K13')
    expect(wrapper.text()).toContain('printer:paperOut')
    expect(wrapper.text()).toContain('离线')
    const issueButtons = wrapper.findAll('[data-testid="issue-code"]')
    expect(issueButtons).toHaveLength(13)
    await issueButtons[2]!.trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="issued-code"]').text()).toContain('482913')
    const issue = calls.find((c) => c.method === 'POST')
    expect(issue?.path).toBe('/api/admin/kiosks/K03/enrolment')
    expect(issue?.headers.get('X-Tongban-Client')).toBe('web')
    wrapper.unmount()
  })
})
