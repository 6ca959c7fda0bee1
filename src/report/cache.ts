import type { CacheRestoreReport } from '../cache/cargo.js'
import { formatMs } from './summary.js'

export function renderCache(cache: CacheRestoreReport | undefined): string {
  if (!cache) return ''
  return `### Cargo cache\n\n${cache.outcome} for \`${cache.key}\` (${formatMs(cache.ms)})`
}
