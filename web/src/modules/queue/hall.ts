import type { components } from '../../api/schema'

export type BoardCall = components['schemas']['BoardCallDto']

/** What the hall hears for a call: "请 A023 号到综合受理窗口1办理". */
export function announcement(call: BoardCall): string {
  return call.windowName ? `请 ${call.ticketNumber} 号到${call.windowName}办理` : `请 ${call.ticketNumber} 号到窗口办理`
}

/**
 * The calls of the new board that the previous one did not have (a recall has a new calledAt), oldest first: the
 * ones to announce, in the order they were made. The first board of a page has none to announce (nothing before it).
 */
export function newCalls(previous: BoardCall[] | null, next: BoardCall[]): BoardCall[] {
  if (previous === null) return []
  const seen = new Set(previous.map((c) => `${c.ticketNumber}@${c.calledAt}`))
  return next.filter((c) => !seen.has(`${c.ticketNumber}@${c.calledAt}`)).reverse()
}

/** Speaks each call in turn (queued, never cutting off the one before); silent where the browser has no speech. */
export function announce(text: string): void {
  const synth = globalThis.speechSynthesis
  const Utterance = globalThis.SpeechSynthesisUtterance
  if (!synth || typeof Utterance !== 'function') return
  try {
    const u = new Utterance(text)
    u.lang = 'zh-CN'
    u.rate = 0.9
    synth.speak(u)
  } catch {
    // The board still shows the call.
  }
}
