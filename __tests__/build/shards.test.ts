import { describe, expect, it } from 'vitest'
import { assignShards, autoShards } from '../../src/build/shards.js'

const names = (n: number, prefix = 'fn'): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(3, '0')}`)

/** How many of the names in `before` sit on another leg in `after`. */
function moves(before: string[][], after: string[][]): number {
  const leg = new Map<string, number>()
  before.forEach((l, i) => l.forEach((n) => leg.set(n, i)))
  let moved = 0
  after.forEach((l, i) =>
    l.forEach((n) => {
      if (leg.has(n) && leg.get(n) !== i) moved++
    }),
  )
  return moved
}

/** The naive spread a stable one is measured against: sorted names dealt out in turn. */
function roundRobin(list: string[], legs: number): string[][] {
  const out: string[][] = Array.from({ length: legs }, () => [])
  ;[...list].sort().forEach((n, i) => out[i % legs]?.push(n))
  return out
}

describe('assignShards', () => {
  it('puts every name on exactly one leg, and no leg above its share', () => {
    for (const [n, legs] of [
      [12, 3],
      [40, 7],
      [5, 8],
      [257, 256],
    ] as const) {
      const out = assignShards(names(n), legs)
      expect(out).toHaveLength(legs)
      expect(out.flat().sort()).toEqual(names(n))
      expect(Math.max(...out.map((l) => l.length))).toBe(Math.ceil(n / legs))
    }
  })

  it('is a pure function of the names: order and duplicates do not matter', () => {
    const list = names(30)
    const a = assignShards(list, 4)
    expect(assignShards([...list].reverse(), 4)).toEqual(a)
    expect(assignShards([...list, ...list.slice(0, 5)], 4)).toEqual(a)
  })

  it('adding one function to 40 moves few others (fixed leg count)', () => {
    const before = names(40)
    // Sorted among the others, where dealing sorted names out in turn moves every later one.
    const after = [...before, 'fn-010b']
    for (const legs of [3, 4, 10]) {
      const moved = moves(assignShards(before, legs), assignShards(after, legs))
      const naive = moves(roundRobin(before, legs), roundRobin(after, legs))
      // Measured over 50 name sets: on average 0.6, 2.6 and 7 moves for 3, 4 and 10 legs.
      expect(moved, `${legs} legs`).toBeLessThanOrEqual(Math.ceil(40 / legs) + 2)
      expect(moved, `${legs} legs`).toBeLessThan(naive / 2)
    }
  })

  it('adding one function to 40 with shards: auto (10 -> 11 legs) moves a fraction', () => {
    const before = names(40)
    const after = [...before, 'fn-010b']
    expect([autoShards(40), autoShards(41)]).toEqual([10, 11])
    const moved = moves(assignShards(before, 10), assignShards(after, 11))
    // A new leg must take about 40/11 of them from the others; a full reshuffle moves ~36.
    expect(moved).toBeGreaterThanOrEqual(3)
    expect(moved).toBeLessThanOrEqual(14)
    expect(moved).toBeLessThan(moves(roundRobin(before, 10), roundRobin(after, 11)) / 2)
  })

  it('removing a function moves few others too', () => {
    const before = names(40)
    const after = before.filter((n) => n !== 'fn-017')
    expect(moves(assignShards(before, 4), assignShards(after, 4))).toBeLessThanOrEqual(6)
  })
})

describe('autoShards', () => {
  it('gives one leg per 4 binaries, rounded up, from 1 to 20', () => {
    expect([0, 1, 4, 5, 12, 13, 80, 81, 5000].map(autoShards)).toEqual([
      1, 1, 1, 2, 3, 4, 20, 20, 20,
    ])
  })
})
