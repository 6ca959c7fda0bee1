/** Pure statistics over repeated measurements: these machines are noisy, so medians. */

export interface Summary {
  readonly n: number
  readonly median: number
  readonly min: number
  readonly max: number
}

/** The median of the samples (the mean of the middle two for an even count). */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('median of no samples')
  const sorted = [...samples].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('summary of no samples')
  return {
    n: samples.length,
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
  }
}

/**
 * Ratios measured pairwise within one run (a[i] / b[i]), so a slow spell on a shared machine
 * affects both sides of each ratio alike.
 */
export function pairwiseRatios(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new Error(`ratio of ${a.length} and ${b.length} samples`)
  return a.map((x, i) => x / (b[i] as number))
}

/** Pairwise differences a[i] - b[i]. */
export function pairwiseDifferences(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new Error(`difference of ${a.length} and ${b.length} samples`)
  return a.map((x, i) => x - (b[i] as number))
}
