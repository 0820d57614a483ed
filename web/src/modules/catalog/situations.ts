import { http, unwrap } from '../../api/client'
import type { components } from '../../api/schema'

export type SituationQuestion = components['schemas']['SituationQuestion']
export type SituationMaterials = components['schemas']['SituationMaterialsDto']
export type Answers = Record<string, string>

/** 情形引导: the questions of an item (none for most items). */
export function getSituations(code: string, signal?: AbortSignal): Promise<SituationQuestion[]> {
  return unwrap(http.GET('/api/items/{code}/situations', { params: { path: { code } }, signal }), true).then((r) => r.questions)
}

/** The exact materials of the answered situation. */
export function answerSituations(code: string, answers: Answers, signal?: AbortSignal): Promise<SituationMaterials> {
  return unwrap(http.POST('/api/items/{code}/situations/answer', { params: { path: { code } }, body: { answers }, signal }))
}

/** Every question has one of its options: only then are the materials known. */
export function allAnswered(questions: readonly SituationQuestion[], answers: Answers): boolean {
  return questions.every((q) => q.options.some((o) => o.value === answers[q.key]))
}

/** The requirement codes the situation needs, and which of them it needs only because of an answer. */
export function situationCodes(result: SituationMaterials | null): { codes: Set<string>; situational: Set<string> } | null {
  if (!result) return null
  return {
    codes: new Set(result.materials.map((m) => m.material.code)),
    situational: new Set(result.materials.filter((m) => m.situational).map((m) => m.material.code)),
  }
}

/**
 * The requirements of the answered situation: the others are dropped, and one needed only because of an answer is
 * required in it. Without an answered situation (or an item without questions) every requirement stays.
 */
export function forSituation<R extends { requirementCode: string; necessity: string }>(reqs: readonly R[], result: SituationMaterials | null): R[] {
  const sc = situationCodes(result)
  if (!sc) return [...reqs]
  return reqs
    .filter((r) => sc.codes.has(r.requirementCode))
    .map((r) => (sc.situational.has(r.requirementCode) && r.necessity === 'optional' ? { ...r, necessity: 'required' } : r))
}
