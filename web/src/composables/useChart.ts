// One ECharts chart in a component: created on mount in its element, resized with it, disposed on unmount.
// Every page that draws charts uses this, so the modules ECharts needs are registered in one place.
import { BarChart, LineChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { onBeforeUnmount, onMounted, shallowRef, type Ref } from 'vue'

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export type ChartOption = echarts.EChartsCoreOption

export interface ChartSetup {
  /**
   * What follows the chart's size: 'element' watches the element itself (panels that share space and change
   * with their neighbours), 'window' only the window (a chart whose box changes with the window alone).
   */
  resizeOn?: 'element' | 'window'
  /** Options every drawing of this chart starts from (a page's look: text colours, no animation …). */
  base?: ChartOption
  /** A theme registered with echarts.registerTheme, or a theme object. */
  theme?: string | object
}

// Screenshots in tests and a calm display: no animation unless a page asks for it.
const DEFAULT_BASE: ChartOption = { animation: false }

export function useChart(el: Readonly<Ref<HTMLElement | undefined>>, setup: ChartSetup = {}) {
  const chart = shallowRef<echarts.ECharts | null>(null)
  const base = { ...DEFAULT_BASE, ...setup.base }
  let observer: ResizeObserver | undefined

  const resize = () => chart.value?.resize()

  // Registered when the component sets up, so it runs before the component's own onMounted draws anything.
  onMounted(() => {
    if (!el.value) return
    chart.value = echarts.init(el.value, setup.theme, { renderer: 'canvas' })
    if (setup.resizeOn === 'window') window.addEventListener('resize', resize)
    else {
      observer = new ResizeObserver(resize)
      observer.observe(el.value)
    }
  })

  onBeforeUnmount(() => {
    window.removeEventListener('resize', resize)
    observer?.disconnect()
    chart.value?.dispose()
    chart.value = null
  })

  /**
   * Draws the chart (the base options first); nothing before it is mounted. notMerge replaces the previous
   * drawing instead of merging into it (series that went away disappear).
   */
  function draw(option: ChartOption, notMerge = false): void {
    chart.value?.setOption({ ...base, ...option }, notMerge)
  }

  return { chart, draw, resize }
}
