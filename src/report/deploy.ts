import type { DeployOutcome, VerificationOutcome } from '../types.js'
import { formatMs } from '../util/format.js'
import { codeSpan, table } from './markdown.js'

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
  const verified = deployments.some((d) => d.verification !== undefined)
  return [
    '### Deploy',
    tally,
    table(
      [
        'function',
        'result',
        'version',
        'alias',
        ...(verified ? ['verification'] : []),
        'code-sha256',
        'duration',
      ],
      deployments.map((d) => [
        d.function === '' ? `(binary \`${d.bin}\`)` : `\`${d.function}\``,
        `${ICON[d.result]} ${d.result}${d.created ? ' (created)' : ''}${d.error ? `: ${d.error}` : ''}${d.configured ? ` (configuration: ${d.configured.join('; ')})` : ''}`,
        d.version ?? '',
        d.alias === undefined ? '' : d.weight !== undefined ? `${d.alias} (${d.weight})` : d.alias,
        ...(verified ? [verificationCell(d.verification)] : []),
        d.codeSha256 === '' ? '' : `\`${d.codeSha256}\``,
        formatMs(d.ms),
      ]),
    ),
  ].join('\n\n')
}

/** Pure: passed/failed, its duration and the start of the response. */
function verificationCell(v: VerificationOutcome | undefined): string {
  if (v === undefined) return ''
  const response = v.response === '' ? '' : `: ${codeSpan(v.response)}`
  return `${v.status === 'passed' ? '✅ passed' : '❌ failed'} in ${formatMs(v.ms)}${response}`
}
