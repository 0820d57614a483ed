import type { Directive } from 'vue'

/**
 * v-scroll-region="label" on an el-table (or any box holding a scrolling area): the area that scrolls — Element Plus's
 * .el-scrollbar__wrap, or the element itself — joins the tab order as a named region, so a keyboard user can reach
 * it and scroll it with the arrow keys (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
function mark(el: HTMLElement, label: unknown) {
  const areas = el.querySelectorAll<HTMLElement>('.el-scrollbar__wrap')
  const targets = areas.length ? [...areas] : [el]
  const name = typeof label === 'string' ? label : ''
  for (const area of targets) {
    area.tabIndex = 0
    area.setAttribute('role', 'region')
    if (name) area.setAttribute('aria-label', name)
  }
}

export const vScrollRegion: Directive<HTMLElement, string | undefined> = {
  mounted: (el, binding) => mark(el, binding.value),
  // A table re-renders its body when data or columns change; the scroll area may be new.
  updated: (el, binding) => mark(el, binding.value),
}
