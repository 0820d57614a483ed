import { afterEach, describe, expect, it, vi } from 'vitest'
import { announce, announcement, newCalls, type BoardCall } from './hall'

const call = (ticketNumber: string, windowName: string | null, calledAt: string): BoardCall => ({ ticketNumber, windowName, calledAt })

describe('hall display', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('says the number and the window in Mandarin', () => {
    expect(announcement(call('A023', '综合受理窗口5', '2026-12-07T01:00:00Z'))).toBe('请 A023 号到综合受理窗口5办理')
    expect(announcement(call('B001', null, '2026-12-07T01:00:00Z'))).toBe('请 B001 号到窗口办理')
  })

  it('announces only the calls a board adds, oldest first, and a recall again', () => {
    const first = [call('A002', '综合受理窗口2', '2026-12-07T01:02:00Z'), call('A001', '综合受理窗口1', '2026-12-07T01:01:00Z')]
    expect(newCalls(null, first)).toEqual([])
    const next = [call('A001', '综合受理窗口1', '2026-12-07T01:05:00Z'), call('A003', '综合受理窗口3', '2026-12-07T01:04:00Z'), ...first]
    expect(newCalls(first, next).map((c) => `${c.ticketNumber}@${c.calledAt}`)).toEqual(['A003@2026-12-07T01:04:00Z', 'A001@2026-12-07T01:05:00Z'])
    expect(newCalls(next, next)).toEqual([])
  })

  it('queues each utterance in zh-CN without cutting off the one before', () => {
    const spoken: { text: string; lang: string }[] = []
    const cancel = vi.fn()
    class Utterance {
      lang = ''
      rate = 1
      text: string
      constructor(text: string) {
        this.text = text
      }
    }
    vi.stubGlobal('SpeechSynthesisUtterance', Utterance)
    vi.stubGlobal('speechSynthesis', { speak: (u: Utterance) => spoken.push({ text: u.text, lang: u.lang }), cancel })
    announce('请 A001 号到综合受理窗口1办理')
    announce('请 A002 号到综合受理窗口2办理')
    expect(spoken).toEqual([
      { text: '请 A001 号到综合受理窗口1办理', lang: 'zh-CN' },
      { text: '请 A002 号到综合受理窗口2办理', lang: 'zh-CN' },
    ])
    expect(cancel).not.toHaveBeenCalled()
  })
})
