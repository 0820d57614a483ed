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

/**
 * The directive of a message to announce (a toast): the last one that just arrived and is the caller's to answer. The
 * server says whose it is (toAnswer): a clerk who sees the alert of a case from their window is not the department
 * reviewer a 督办 is addressed to, and its sender is never the one to answer it.
 */
export function directiveToAnnounce(message: LiveAlertsMessage): LiveAlertDto | null {
  return message.items.filter((item) => item.change === 'directive' && item.toAnswer).at(-1) ?? null
}

function apply(message: LiveAlertsMessage, replace: boolean) {
  const next = replace ? new Map<number, LiveAlertDto>() : new Map(items.value)
  for (const item of message.items) {
    if (item.alert.resolvedAt) next.delete(item.alert.id)
    else next.set(item.alert.id, item)
  }
  const announce = directiveToAnnounce(message)
  if (announce) lastDirective.value = announce
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
