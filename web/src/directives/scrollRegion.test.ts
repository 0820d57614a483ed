import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, withDirectives } from 'vue'
import { vScrollRegion } from './scrollRegion'

describe('v-scroll-region', () => {
  it('puts the scrolling area of a table in the tab order with a name', () => {
    const Table = defineComponent(() => () =>
      withDirectives(h('div', { class: 'el-table' }, [h('div', { class: 'el-scrollbar__wrap' }, 'rows')]), [[vScrollRegion, '各部门办件']]),
    )
    const wrap = mount(Table).get('.el-scrollbar__wrap')
    expect(wrap.attributes('tabindex')).toBe('0')
    expect(wrap.attributes('role')).toBe('region')
    expect(wrap.attributes('aria-label')).toBe('各部门办件')
  })

  it('marks the element itself when it is the scrolling box', () => {
    const Box = defineComponent(() => () => withDirectives(h('div', { class: 'box' }, 'wide'), [[vScrollRegion, '来访']]))
    const box = mount(Box).get('.box')
    expect(box.attributes('tabindex')).toBe('0')
    expect(box.attributes('aria-label')).toBe('来访')
  })
})
