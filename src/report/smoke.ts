import type { SmokeResults } from '../smoke/index.js'
import { formatMs, table } from './summary.js'

export function renderSmoke(smoke: SmokeResults | undefined): string {
  if (!smoke || Object.keys(smoke).length === 0) return ''
  return [
    '### Smoke test',
    table(
      ['binary', 'status', 'time', 'detail'],
      Object.entries(smoke).map(([bin, s]) => [
        bin,
        s.status,
        formatMs(s.ms),
        s.reason ?? s.response ?? '',
      ]),
    ),
  ].join('\n\n')
}
