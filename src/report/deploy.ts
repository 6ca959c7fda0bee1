import type { DeployOutcome } from '../types.js'
import { formatMs, table } from './summary.js'

export function renderDeploy(deployments: readonly DeployOutcome[] | undefined): string {
  if (!deployments || deployments.length === 0) return ''
  return [
    '### Deploy',
    table(
      ['function', 'result', 'version', 'alias', 'code-sha256', 'time'],
      deployments.map((d) => [
        d.function,
        d.error ? `${d.result}: ${d.error}` : d.result,
        d.version ?? '',
        d.alias ?? '',
        `\`${d.codeSha256}\``,
        formatMs(d.ms),
      ]),
    ),
  ].join('\n\n')
}
