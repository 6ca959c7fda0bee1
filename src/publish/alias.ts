/** Reads an alias and carries out a routing decision (routing.ts) with GetAlias / CreateAlias / UpdateAlias. */
import {
  CreateAliasCommand,
  GetAliasCommand,
  UpdateAliasCommand,
  type AliasConfiguration,
} from '@aws-sdk/client-lambda'
import { AwsCallError, isAlreadyExists } from './aws-errors.js'
import { confirmed, type Call, type StepContext } from './call.js'
import { planAlias, weightsOf, type AliasStep } from './routing.js'

export async function getAlias(
  ctx: StepContext,
  fn: string,
  alias: string,
  call: Call,
): Promise<AliasConfiguration | undefined> {
  try {
    return await call('GetAlias', () =>
      ctx.lambda.send(new GetAliasCommand({ FunctionName: fn, Name: alias })),
    )
  } catch (error) {
    if (error instanceof AwsCallError && error.code === 'ResourceNotFoundException') {
      return undefined
    }
    throw error
  }
}

/** What an alias serves after a step, for the outcome. */
export interface AliasResult {
  readonly changed: boolean
  /** The new version's share of the traffic when below 1. */
  readonly weight: number | undefined
}

function describeRouting(version: string, weights: Readonly<Record<string, number>>): string {
  const routed = Object.entries(weights)
  return routed.length === 0
    ? `${version}`
    : `${version} with ${routed.map(([v, w]) => `${w} of the traffic on ${v}`).join(', ')}`
}

/** Carries out an alias step read from `existing` (UpdateAlias with the RevisionId read). */
export async function applyAliasStep(
  ctx: StepContext,
  fn: string,
  alias: string,
  existing: AliasConfiguration | undefined,
  step: AliasStep,
  call: Call,
  log: (line: string) => void,
): Promise<boolean> {
  if (step.kind === 'none') {
    log(step.why)
    return false
  }
  if (step.note !== undefined) ctx.deps.notice(`${fn}: ${step.note}`)
  if (step.kind === 'create') {
    await call('CreateAlias', () =>
      ctx.lambda.send(
        new CreateAliasCommand({ FunctionName: fn, Name: alias, FunctionVersion: step.version }),
      ),
    )
    log(`created alias ${alias} -> ${step.version}`)
    return true
  }
  const routing = { AdditionalVersionWeights: { ...step.weights } }
  await call('UpdateAlias', () =>
    confirmed(
      () =>
        ctx.lambda.send(
          new UpdateAliasCommand({
            FunctionName: fn,
            Name: alias,
            FunctionVersion: step.version,
            RoutingConfig: routing,
            ...(existing?.RevisionId !== undefined ? { RevisionId: existing.RevisionId } : {}),
          }),
        ),
      async () => {
        const now = await getAlias(ctx, fn, alias, call)
        const same =
          now?.FunctionVersion === step.version &&
          JSON.stringify(weightsOf(now)) === JSON.stringify(step.weights)
        return same ? now : undefined
      },
    ),
  )
  log(
    `moved alias ${alias}: ${describeRouting(existing?.FunctionVersion ?? '?', weightsOf(existing))} -> ${describeRouting(step.version, step.weights)}`,
  )
  return true
}

/**
 * Points the alias at `version` (all of the traffic, or `ctx.aliasWeight` of it), creating it
 * when missing. A concurrent CreateAlias (ours with a lost answer, or another job's) is read back
 * and decided again.
 */
export async function pointAlias(
  ctx: StepContext,
  fn: string,
  alias: string,
  version: string,
  call: Call,
  log: (line: string) => void,
): Promise<AliasResult> {
  const existing = await getAlias(ctx, fn, alias, call)
  const step = planAlias(alias, existing, version, ctx.aliasWeight)
  try {
    const changed = await applyAliasStep(ctx, fn, alias, existing, step, call, log)
    return { changed, weight: weightOf(step, existing, version) }
  } catch (error) {
    if (step.kind !== 'create' || !isAlreadyExists(error)) throw error
    const now = await getAlias(ctx, fn, alias, call)
    if (now === undefined) throw error
    log(`alias ${alias} was created meanwhile (it points at ${now.FunctionVersion ?? '?'})`)
    const again = planAlias(alias, now, version, ctx.aliasWeight)
    const changed = await applyAliasStep(ctx, fn, alias, now, again, call, log)
    return { changed, weight: weightOf(again, now, version) }
  }
}

function weightOf(
  step: AliasStep,
  existing: AliasConfiguration | undefined,
  version: string,
): number | undefined {
  if (step.kind === 'update') return step.weights[version]
  return step.kind === 'none' ? weightsOf(existing)[version] : undefined
}
