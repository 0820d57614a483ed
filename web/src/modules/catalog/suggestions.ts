import { onBeforeUnmount, ref, watch, type Ref } from 'vue'
import type { ItemSummary } from '../../api/types'

export const SUGGESTION_DELAY_MS = 250
export const SUGGESTION_COUNT = 6

/**
 * Suggestions as one types: waits until typing pauses (debounced), asks for the first few items, drops an answer
 * that a newer keystroke has overtaken (aborted), and stays quiet for the text the search already shows.
 */
export function useSuggestions(text: Ref<string>, fetch: (q: string, signal: AbortSignal) => Promise<ItemSummary[]>, shown: () => string) {
  const suggestions = ref<ItemSummary[]>([])
  const open = ref(false)
  let timer: ReturnType<typeof setTimeout> | null = null
  let controller: AbortController | null = null

  function close() {
    open.value = false
    if (timer) clearTimeout(timer)
    timer = null
    controller?.abort()
  }

  watch(text, (value) => {
    close()
    const q = value.trim()
    if (!q || q === shown()) {
      suggestions.value = []
      return
    }
    timer = setTimeout(async () => {
      controller = new AbortController()
      const signal = controller.signal
      try {
        const items = await fetch(q, signal)
        if (signal.aborted) return
        suggestions.value = items
        open.value = items.length > 0
      } catch {
        if (!signal.aborted) suggestions.value = []
      }
    }, SUGGESTION_DELAY_MS)
  })

  onBeforeUnmount(close)
  return { suggestions, open, close }
}
