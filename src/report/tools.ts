import type { Toolchain } from '../types.js'
import { formatMs } from '../util/format.js'
import { table } from './markdown.js'

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
