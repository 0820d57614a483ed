import { computed, ref } from 'vue'
import type { LiveAlertDto, LiveAlertsMessage } from '../../api/types'

// The caller's open alerts and directives, kept current over server-sent events (/api/supervision/alerts/live):
// one connection for the whole workbench, shared by the header badge and anything else that wants the list.
// The server sends a snapshot, then only what changed; a dropped connection is reopened by EventSource itself
// (and gets a fresh snapshot).
const items = ref<Map<number, LiveAlertDto>>(new Map())
const open = ref(0)
const openDirectives = ref(0)
const connected = ref(false)
const lastDirective = ref<LiveAlertDto | null>(null)
let source: EventSource | null = null
let users = 0

function apply(message: LiveAlertsMessage, replace: boolean) {
  const next = replace ? new Map<number, LiveAlertDto>() : new Map(items.value)
  for (const item of message.items) {
    if (item.alert.resolvedAt) next.delete(item.alert.id)
    else next.set(item.alert.id, item)
    if (item.change === 'directive') lastDirective.value = item
  }
  items.value = next
  if (message.open != null) open.value = message.open
  if (message.openDirectives != null) openDirectives.value = message.openDirectives
}

function connect() {
  if (source || typeof EventSource === 'undefined') return
  source = new EventSource('/api/supervision/alerts/live')
  source.addEventListener('snapshot', (e) => {
    connected.value = true
    apply(JSON.parse((e as MessageEvent<string>).data) as LiveAlertsMessage, true)
  })
  source.addEventListener('changes', (e) => apply(JSON.parse((e as MessageEvent<string>).data) as LiveAlertsMessage, false))
  source.onerror = () => {
    connected.value = false
  }
}

function disconnect() {
  source?.close()
  source = null
  connected.value = false
}

/** Newest change first; alerts with an unanswered directive before the rest. */
const list = computed(() => [...items.value.values()].sort((a, b) =>
  (b.alert.openDirectives > 0 ? 1 : 0) - (a.alert.openDirectives > 0 ? 1 : 0) || b.changedAt.localeCompare(a.changedAt)))

export function useLiveAlerts() {
  return {
    list, open, openDirectives, connected, lastDirective,
    start() {
      users++
      connect()
    },
    stop() {
      users = Math.max(0, users - 1)
      if (users === 0) disconnect()
    },
  }
}
