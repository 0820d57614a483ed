import { ref } from 'vue'
import type { CaseCounts } from '../../api/types'
import { caseCounts } from './api'

// One copy for the whole workbench: the menu badge and the queue tabs show the same numbers,
// and every case action refreshes them.
const counts = ref<CaseCounts | null>(null)

export function useCaseCounts() {
  async function refresh() {
    try {
      counts.value = await caseCounts()
    } catch {
      /* the numbers stay as they were */
    }
  }
  return { counts, refresh }
}
