/** The job summary's compile cache section: sccache's hits, misses and errors for the build. */
import type { CompileCacheReport } from '../types.js'
import { formatRate } from '../util/format.js'
import { codeSpan, table } from './markdown.js'

export function renderCompileCache(report: CompileCacheReport | undefined): string {
  if (report === undefined) return ''
  const rows: string[][] = [
    ['backend', report.backend === 'gha' ? 'GitHub Actions cache (sccache)' : 'S3 (sccache)'],
    ['mode', `${report.write ? 'read-write' : 'read-only'}: ${report.writeReason}`],
  ]
  if (report.envDigest !== undefined) rows.push(['environment digest', codeSpan(report.envDigest)])
  if (report.unused !== undefined) rows.push(['not used', report.unused])
  const s = report.stats
  if (s !== undefined) {
    rows.push(
      ['hits', String(s.hits)],
      ['misses', String(s.misses)],
      ['hit rate', formatRate(s.hitRate)],
      ['non-cacheable calls', String(s.nonCacheableCalls)],
      ['writes', String(s.writes)],
      ['write errors', String(s.writeErrors)],
      ['read errors', String(s.readErrors)],
    )
    if (s.location !== undefined) rows.push(['location', codeSpan(s.location)])
  }
  return ['### Compile cache', table(['', ''], rows)].join('\n\n')
}
