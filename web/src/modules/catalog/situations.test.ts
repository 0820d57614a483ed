import { describe, expect, it } from 'vitest'
import { allAnswered, forSituation, type SituationMaterials, type SituationQuestion } from './situations'

const questions: SituationQuestion[] = [
  { key: 'applicant', text: '由谁来办理？', options: [{ value: 'self', label: '本人办理' }, { value: 'agent', label: '委托他人代办' }] },
  { key: 'premises', text: '经营场所是？', options: [{ value: 'own', label: '自有房屋' }, { value: 'rented', label: '租赁房屋' }] },
]

const material = (code: string, necessity = 'required') => ({ material: { code, name: code, necessity }, situational: false })

describe('情形引导 helpers', () => {
  it('needs one of its options for every question', () => {
    expect(allAnswered(questions, { applicant: 'self' })).toBe(false)
    expect(allAnswered(questions, { applicant: 'self', premises: 'boat' })).toBe(false)
    expect(allAnswered(questions, { applicant: 'self', premises: 'own' })).toBe(true)
    expect(allAnswered([], {})).toBe(true)
  })

  it('keeps only the situation’s requirements and makes the situational ones required', () => {
    const reqs = [
      { requirementCode: 'M01', necessity: 'required' },
      { requirementCode: 'M04', necessity: 'optional' },
      { requirementCode: 'M05', necessity: 'optional' },
    ]
    const answered = {
      materials: [material('M01'), { ...material('M04', 'required'), situational: true }],
      notNeeded: ['授权委托书'],
    } as unknown as SituationMaterials
    expect(forSituation(reqs, answered)).toEqual([
      { requirementCode: 'M01', necessity: 'required' },
      { requirementCode: 'M04', necessity: 'required' },
    ])
    expect(forSituation(reqs, null)).toEqual(reqs)
  })
})
