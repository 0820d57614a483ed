import { describe, expect, it } from 'vitest'
import en from './en.json'
import zhCN from './zh-CN.json'

type Tree = { [k: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out.set(key, v)
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv)
  }
  return out
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('locale files', () => {
  const zh = flatten(zhCN as Tree)
  const eng = flatten(en as Tree)

  it('have the same keys in zh-CN and en', () => {
    const missingInEn = [...zh.keys()].filter((k) => !eng.has(k))
    const missingInZh = [...eng.keys()].filter((k) => !zh.has(k))
    expect(missingInEn).toEqual([])
    expect(missingInZh).toEqual([])
  })

  it('use the same placeholders in both languages', () => {
    const mismatched = [...zh.entries()].filter(([k, v]) => eng.has(k) && placeholders(v).join() !== placeholders(eng.get(k)!).join())
    expect(mismatched.map(([k]) => k)).toEqual([])
  })

  it('have no empty messages and no vue-i18n special characters by accident', () => {
    for (const [k, v] of [...zh, ...eng]) {
      expect(v.trim(), k).not.toBe('')
      expect(v, k).not.toMatch(/[|@]/)
    }
  })
})
