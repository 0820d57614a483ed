import { describe, expect, it } from 'vitest'
import { latestOnly, rankForQuery } from './itemPicker'

describe('rankForQuery', () => {
  it('puts the item of that very name first, then names starting with, then containing the query, then other matches', () => {
    const items = [
      { name: '城乡居民养老保险参保登记变更' }, // matched on its parent item only in the server's answer
      { name: '机关事业单位养老保险参保登记' },
      { name: '参保登记' },
      { name: '参保登记注销' },
    ]
    expect(rankForQuery('参保登记', items).map((i) => i.name)).toEqual(['参保登记', '参保登记注销', '城乡居民养老保险参保登记变更', '机关事业单位养老保险参保登记'])
    expect(rankForQuery('其他', [{ name: '甲' }, { name: '乙' }]).map((i) => i.name)).toEqual(['甲', '乙'])
  })
})

describe('latestOnly', () => {
  it('ignores the answer to an earlier keystroke', () => {
    const searches = latestOnly()
    const first = searches.next()
    const second = searches.next()
    expect(searches.isLatest(first)).toBe(false)
    expect(searches.isLatest(second)).toBe(true)
  })
})
