/** Spoken prompts in Mandarin through the Web Speech API; silent where the browser has none (tests, some kiosks). */
export function speak(text: string, lang = 'zh-CN'): void {
  const synth = globalThis.speechSynthesis
  const Utterance = globalThis.SpeechSynthesisUtterance
  if (!synth || typeof Utterance !== 'function' || !text) return
  try {
    synth.cancel()
    const u = new Utterance(text)
    u.lang = lang
    synth.speak(u)
  } catch {
    // A prompt is a help, never a reason to fail the page.
  }
}

export function stopSpeaking(): void {
  try {
    globalThis.speechSynthesis?.cancel()
  } catch {
    /* nothing to stop */
  }
}
