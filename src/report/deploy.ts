import type { DeployOutcome } from '../types.js'
import { formatMs } from '../util/format.js'
import { table } from './markdown.js'

const ICON: Record<DeployOutcome['result'], string> = {
  updated: '✅',
  unchanged: '⏸️',
  'dry-run': '🔍',
  skipped: '➖',
  failed: '❌',
}

/** Pure: the deploy section of the job summary (one row per function, failures included). */
export function renderDeploy(deployments: readonly DeployOutcome[] | undefined): string {
  if (!deployments || deployments.length === 0) return ''
  const counts = new Map<string, number>()
  for (const d of deployments) counts.set(d.result, (counts.get(d.result) ?? 0) + 1)
  const tally = [...counts].map(([result, n]) => `${n} ${result}`).join(', ')
  return [
    '### Deploy',
    tally,
    table(
      ['function', 'result', 'version', 'alias', 'code-sha256', 'duration'],
      deployments.map((d) => [
        d.function === '' ? `(binary \`${d.bin}\`)` : `\`${d.function}\``,
        `${ICON[d.result]} ${d.result}${d.error ? `: ${d.error}` : ''}`,
        d.version ?? '',
        d.alias ?? '',
        d.codeSha256 === '' ? '' : `\`${d.codeSha256}\``,
        formatMs(d.ms),
      ]),
    ),
  ].join('\n\n')
}
