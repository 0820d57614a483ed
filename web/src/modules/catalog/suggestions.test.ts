import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, nextTick, ref } from 'vue'
import { mount } from '@vue/test-utils'
import type { ItemSummary } from '../../api/types'
import { SUGGESTION_DELAY_MS, useSuggestions } from './suggestions'

const item = (name: string, matchedBy: string | null = null) => ({ code: name, name, matchedBy }) as unknown as ItemSummary

function harness(fetch: (q: string, signal: AbortSignal) => Promise<ItemSummary[]>, shown = '') {
  const text = ref('')
  let api!: ReturnType<typeof useSuggestions>
  mount(defineComponent({ setup: () => ((api = useSuggestions(text, fetch, () => shown)), () => null) }))
  return { text, api }
}

describe('useSuggestions', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('asks once typing pauses, for the last text only', async () => {
    const fetch = vi.fn(async (q: string) => [item(q === 'yyzz' ? '个体工商户设立登记' : q, '拼音首字母：营业执照（办理结果）')])
    const { text, api } = harness(fetch)
    text.value = 'y'
    await nextTick()
    vi.advanceTimersByTime(100)
    text.value = 'yyzz'
    await nextTick()
    vi.advanceTimersByTime(SUGGESTION_DELAY_MS - 1)
    expect(fetch).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(fetch.mock.calls[0][0]).toBe('yyzz')
    expect(api.open.value).toBe(true)
    expect(api.suggestions.value.map((s) => s.name)).toEqual(['个体工商户设立登记'])
  })

  it('drops an answer a newer keystroke overtook', async () => {
    let resolveFirst!: (v: ItemSummary[]) => void
    const fetch = vi.fn((q: string) => (q === '营业' ? new Promise<ItemSummary[]>((r) => (resolveFirst = r)) : Promise.resolve([item('公司设立登记')])))
    const { text, api } = harness(fetch)
    text.value = '营业'
    await nextTick()
    await vi.advanceTimersByTimeAsync(SUGGESTION_DELAY_MS)
    text.value = '营业执照'
    await nextTick()
    resolveFirst([item('过时的结果')])
    await vi.advanceTimersByTimeAsync(SUGGESTION_DELAY_MS)
    expect(api.suggestions.value.map((s) => s.name)).toEqual(['公司设立登记'])
  })

  it('stays quiet for empty text and for the search already shown', async () => {
    const fetch = vi.fn(async () => [item('x')])
    const { text, api } = harness(fetch, '营业执照')
    text.value = '   '
    await nextTick()
    text.value = '营业执照'
    await nextTick()
    await vi.advanceTimersByTimeAsync(SUGGESTION_DELAY_MS * 2)
    expect(fetch).not.toHaveBeenCalled()
    expect(api.open.value).toBe(false)
  })
})
