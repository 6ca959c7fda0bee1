import type { Toolchain } from '../types.js'
import { formatMs, table } from './summary.js'

export function renderTools(toolchain: Toolchain | undefined): string {
  if (!toolchain) return ''
  return [
    '### Tools',
    table(
      ['tool', 'version', 'from', 'time'],
      toolchain.reports.map((r) => [
        r.name,
        r.version,
        r.detail ? `${r.source} (${r.detail})` : r.source,
        formatMs(r.ms),
      ]),
    ),
  ].join('\n\n')
}
