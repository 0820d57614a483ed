import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { i18n, setLocale, type AppLocale } from '../i18n'

const LARGE_FONT_KEY = 'tongban.largeFont'

function readLargeFont(): boolean {
  try {
    return globalThis.localStorage?.getItem(LARGE_FONT_KEY) === '1'
  } catch {
    return false
  }
}

/** Display preferences for elderly users and language, persisted in localStorage. */
export const usePreferences = defineStore('preferences', () => {
  const largeFont = ref(readLargeFont())
  const locale = ref(i18n.global.locale.value as AppLocale)

  function apply() {
    if (typeof document === 'undefined') return
    document.documentElement.classList.toggle('large-font', largeFont.value)
    document.documentElement.lang = locale.value
  }

  watch(largeFont, (on) => {
    try {
      globalThis.localStorage?.setItem(LARGE_FONT_KEY, on ? '1' : '0')
    } catch {
      /* not remembered */
    }
    apply()
  })
  watch(locale, (l) => {
    setLocale(l)
    apply()
  })

  apply()
  return {
    largeFont,
    locale,
    toggleLargeFont: () => (largeFont.value = !largeFont.value),
    setLocale: (l: AppLocale) => (locale.value = l),
  }
})
