/** `mode: plan`: the matrix outputs and the summary section. */
import { Outputs } from '../constants.js'
import { matrixOf, type PlanResult } from '../build/plan.js'
import { codeSpan, table } from './markdown.js'

/** Pure: the outputs of a plan. `matrix` is `{"include":[]}` when nothing is to be built. */
export function planOutputs(plan: PlanResult): Record<string, string> {
  const count = plan.legs.reduce((n, l) => n + l.length, 0)
  return {
    [Outputs.Matrix]: JSON.stringify(matrixOf(plan)),
    [Outputs.Binaries]: plan.legs
      .flat()
      .map((b) => b.bin)
      .sort()
      .join(','),
    [Outputs.HasWork]: String(count > 0),
    [Outputs.BinaryCount]: String(count),
  }
}

/** Legs listed in the summary; a larger plan is in the `matrix` output. */
const SHOWN_LEGS = 50

/** Pure: the summary section of a plan ('' without one). */
export function renderPlan(plan: PlanResult | undefined): string {
  if (plan === undefined) return ''
  const count = plan.legs.reduce((n, l) => n + l.length, 0)
  const c = plan.changes
  const lines = ['### Build plan']
  const what = c === undefined ? `${count}` : `${count} of ${plan.total}`
  lines.push(
    `${what} binar${count === 1 ? 'y' : 'ies'} to build on ${plan.legs.length} leg${plan.legs.length === 1 ? '' : 's'}.`,
  )
  if (c !== undefined) {
    const since = `since ${codeSpan(c.ref)}${c.base !== undefined ? ` (${c.base.slice(0, 12)})` : ''}`
    lines.push(
      c.all !== undefined
        ? `Everything is built ${since}: ${c.all}.`
        : `${c.files} file${c.files === 1 ? '' : 's'} changed ${since}.`,
    )
  }
  if (count === 0) {
    lines.push('Nothing to build: the `matrix` output is empty and `has-work` is `false`.')
    return lines.join('\n\n')
  }
  const matrix = matrixOf(plan).include
  const rows = matrix
    .slice(0, SHOWN_LEGS)
    .map((leg, i) => [
      leg.shard,
      (plan.legs[i] ?? [])
        .map((b) => codeSpan(b.bin) + (b.kind === 'extension' ? ' (extension)' : ''))
        .join(', '),
    ])
  lines.push(table(['leg', 'binaries'], rows))
  if (matrix.length > SHOWN_LEGS) lines.push(`… and ${matrix.length - SHOWN_LEGS} more legs.`)
  return lines.join('\n\n')
}
