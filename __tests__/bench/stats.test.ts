import { describe, expect, it } from 'vitest'
import { median, pairwiseDifferences, pairwiseRatios, summarize } from '../../bench/stats.js'

describe('stats', () => {
  it('takes the middle sample, or the mean of the middle two', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 10])).toBe(3.5)
    expect(summarize([2, 9, 4, 1, 7])).toEqual({ n: 5, median: 4, min: 1, max: 9 })
  })

  it('refuses to summarize nothing', () => {
    expect(() => median([])).toThrow(/no samples/)
  })

  it('pairs ratios and differences run by run', () => {
    expect(pairwiseRatios([2, 9], [1, 3])).toEqual([2, 3])
    expect(pairwiseDifferences([2, 9], [1, 3])).toEqual([1, 6])
    expect(() => pairwiseRatios([1], [1, 2])).toThrow(/1 and 2 samples/)
  })
})
