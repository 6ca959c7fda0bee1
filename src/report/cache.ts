import type { CacheRestoreReport, CacheSaveReport } from '../types.js'
import { formatBytes, formatMs } from '../util/format.js'
import { codeSpan, table } from './markdown.js'

const OUTCOME: Record<CacheRestoreReport['outcome'], string> = {
  hit: 'hit (exact key)',
  partial: 'partial (restore key)',
  miss: 'miss',
  error: 'not used',
}

/** Main's summary section: key, hit/miss/partial, restored size, time. */
export function renderCache(cache: CacheRestoreReport | undefined): string {
  if (!cache) return ''
  const rows: string[][] = [
    ['result', OUTCOME[cache.outcome] + (cache.detail ? `: ${cache.detail}` : '')],
    ['key', code(cache.key)],
  ]
  if (cache.outcome === 'partial' && cache.restoredKey) {
    rows.push(['restored from', code(cache.restoredKey)])
  }
  if (cache.restoredBytes !== undefined) rows.push(['restored', formatBytes(cache.restoredBytes)])
  rows.push(['time', formatMs(cache.ms)])
  return ['### Cargo cache', table(['', ''], rows)].join('\n\n')
}

/** The post step's summary section: what was saved, and how much pruning left out. */
export function renderCacheSave(save: CacheSaveReport): string {
  const rows: string[][] = [
    ['result', save.outcome + (save.detail ? `: ${save.detail}` : '')],
    ['key', code(save.key)],
  ]
  if (save.bytesBefore !== undefined && save.bytesAfter !== undefined) {
    rows.push(['pruned', `${formatBytes(save.bytesBefore)} → ${formatBytes(save.bytesAfter)}`])
  }
  rows.push(['time', formatMs(save.ms)])
  return ['### Cargo cache (post)', table(['', ''], rows)].join('\n\n') + '\n'
}

function code(s: string): string {
  return s === '' ? '(none)' : codeSpan(s)
}
