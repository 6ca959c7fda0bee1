/** How sizes and durations read in the log, the errors and the job summary. */

/** `512 B`, `1.5 KiB`, `12.34 MiB` (MiB with `mibDigits` decimals). */
export function formatBytes(n: number, mibDigits = 2): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 ** 2).toFixed(mibDigits)} MiB`
}

/** `250 ms`, `1.5 s`. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}

/** A share such as a cache hit rate as `87.5 %`; `n/a` when undefined (nothing to count). */
export function formatRate(rate: number | undefined): string {
  return rate === undefined ? 'n/a' : `${(rate * 100).toFixed(1)} %`
}
