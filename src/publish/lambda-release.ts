/**
 * The end of one function's deploy: verify the published version (`verify-event`) and point the
 * alias at it; and, when the code is already there, find out with reads only whether a version
 * or the alias already serves it.
 */
import { GetFunctionCommand, ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda'
import type { FunctionConfiguration } from '@aws-sdk/client-lambda'
import type { DeployOutcome, VerificationOutcome } from '../types.js'
import { getAlias, pointAlias } from './alias.js'
import type { Deployer } from './call.js'
import { serves, type UnchangedCheck } from './decide.js'
import { publish } from './lambda-write.js'
import { planAlias, weightsOf } from './routing.js'
import { logTail, verifyVersion } from './verify.js'

export type Outcome = Omit<DeployOutcome, 'ms'>

/**
 * Invokes the version when `verify-event` asks, and points the alias at it only when it
 * answered as expected. A failed verification leaves the alias where it was: the outcome is
 * `failed`, with the published version and the verification.
 */
export async function verifyAndPoint(
  d: Deployer,
  version: string,
  base: Omit<Outcome, 'result'>,
): Promise<Outcome> {
  const { ctx, log, call } = d
  const fn = d.target.function.given
  let verification: VerificationOutcome | undefined
  if (ctx.verify !== undefined) {
    const checked = await verifyVersion(d, ctx.verify, fn, version, ctx.alias)
    verification = checked.verification
    if (checked.error !== undefined) {
      return { ...base, result: 'failed', version, verification, error: checked.error }
    }
    if (checked.log !== '') log(`log tail of the verification:\n${logTail(checked.log)}`)
  }
  if (ctx.alias === undefined) return { ...base, result: 'updated', version, verification }
  const pointed = await pointAlias(ctx, fn, ctx.alias, version, call, log)
  return {
    ...base,
    result: 'updated',
    version,
    alias: ctx.alias,
    verification,
    ...(pointed.weight !== undefined && pointed.weight < 1 && { weight: pointed.weight }),
  }
}

/**
 * The code and configuration are already there. Without an alias that is the end of it; with
 * one, make sure the alias serves them too, with the weight asked (a previous run may have
 * stopped between update and alias, or routed a canary): only then is the deploy really
 * unchanged, and only reads are made to find out.
 */
export async function unchanged(
  d: Deployer,
  current: FunctionConfiguration,
  check: UnchangedCheck,
): Promise<Outcome> {
  const { target, ctx, log, call } = d
  const fn = target.function.given
  const base = {
    bin: target.bin,
    function: fn,
    arn: current.FunctionArn,
    codeSha256: target.artifact.codeSha256,
  }
  if (check.kind === 'none') {
    log(
      `code unchanged (${target.artifact.codeSha256}); nothing to do (force: true updates anyway)`,
    )
    return { ...base, result: 'unchanged', version: '$LATEST' }
  }
  if (check.kind === 'published-version') {
    // Publishing without an alias: done only when a published version already has this code
    // (a previous run may have updated $LATEST and then failed to publish).
    const published = await versionWithCode(d)
    if (published !== undefined) {
      log(`code unchanged; version ${published} already has it (force: true updates anyway)`)
      return { ...base, result: 'unchanged', version: published }
    }
    if (ctx.dryRun) {
      log('code unchanged, but no published version has it: it would be published (dry run)')
      return { ...base, result: 'dry-run', version: undefined, alias: undefined }
    }
    log('code unchanged, but no published version has it yet: publishing')
    const version = await publish(d, current.RevisionId)
    return verifyAndPoint(d, version, base)
  }
  const alias = check.alias
  const existing = await getAlias(ctx, fn, alias, call)
  // The versions the alias routes to, then its primary: the first that already holds this code
  // and configuration is reused. $LATEST never is: with publishing on, the alias gets a number.
  const candidates = [...Object.keys(weightsOf(existing)), existing?.FunctionVersion].filter(
    (v, i, all): v is string => v !== undefined && v !== '$LATEST' && all.indexOf(v) === i,
  )
  let held: string | undefined
  for (const candidate of candidates) {
    const got = await call('GetFunction', () =>
      ctx.lambda.send(new GetFunctionCommand({ FunctionName: fn, Qualifier: candidate })),
    )
    if (serves(got.Configuration, target.artifact, target.configuration)) {
      held = candidate
      break
    }
  }
  if (held !== undefined) {
    const step = planAlias(alias, existing, held, ctx.aliasWeight)
    if (step.kind === 'none') {
      log(`code unchanged and ${step.why}`)
      const weight = weightsOf(existing)[held]
      return {
        ...base,
        result: 'unchanged',
        version: held,
        alias,
        ...(weight !== undefined && { weight }),
      }
    }
  }
  if (ctx.dryRun) {
    log(`code unchanged; alias ${alias} would be moved (dry run: not done)`)
    return { ...base, result: 'dry-run', version: undefined, alias: undefined }
  }
  if (held !== undefined) {
    log(`code unchanged; version ${held} has it: pointing alias ${alias} at it`)
    return verifyAndPoint(d, held, base)
  }
  log(`code unchanged, but alias ${alias} does not serve it yet: publishing and moving the alias`)
  const version = await publish(d, current.RevisionId)
  return verifyAndPoint(d, version, base)
}

/** The newest published version with the artifact's code, architecture and configuration (reads only). */
async function versionWithCode(d: Deployer): Promise<string | undefined> {
  const { target } = d
  let marker: string | undefined
  let found: string | undefined
  do {
    const page = await d.call('ListVersionsByFunction', () =>
      d.ctx.lambda.send(
        new ListVersionsByFunctionCommand({
          FunctionName: target.function.given,
          MaxItems: 50,
          ...(marker !== undefined ? { Marker: marker } : {}),
        }),
      ),
    )
    for (const v of page.Versions ?? []) {
      if (
        v.Version !== undefined &&
        v.Version !== '$LATEST' &&
        serves(v, target.artifact, target.configuration) &&
        (found === undefined || Number(v.Version) > Number(found))
      ) {
        found = v.Version
      }
    }
    marker = page.NextMarker
  } while (marker !== undefined)
  return found
}
