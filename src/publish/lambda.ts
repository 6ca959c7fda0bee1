/**
 * One function's deploy, step by step: GetFunction (CreateFunction when it is missing and
 * `create-function` asks for it; wait while it is busy), compare code and configuration,
 * UpdateFunctionCode, at most one UpdateFunctionConfiguration, wait, PublishVersion, invoke that
 * version (`verify-event`), then point the alias (all of its traffic, or a canary's share).
 */
import * as fs from 'node:fs/promises'
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type FunctionCode,
  type FunctionConfiguration,
  type UpdateFunctionCodeCommandInput,
} from '@aws-sdk/client-lambda'
import { DeployError } from '../errors.js'
import type { DeployOutcome, VerificationOutcome } from '../types.js'
import { AwsCallError, isAlreadyExists } from './aws-errors.js'
import { accountInText, partitionOfRef } from '../lambda/names.js'
import { getAlias, pointAlias } from './alias.js'
import { confirmed, makeCall, type Call, type StepContext } from './call.js'
import {
  desiredLayers,
  planConfiguration,
  type ConfigurationPlan,
  type LayerWish,
} from './configuration.js'
import type { DeployTarget } from './plan.js'
import { planAlias, weightsOf } from './routing.js'
import { putZip } from './s3.js'
import {
  invokeVersion,
  judgeInvocation,
  logTail,
  outcomeOf,
  verificationFailure,
} from './verify.js'

export { DEFAULT_WAITER, type StepContext, type WaiterTiming } from './call.js'

type Outcome = Omit<DeployOutcome, 'ms'>

/** Deploys one target. Throws DeployError (with a complete message) on failure. */
export async function deployTarget(given: DeployTarget, ctx: StepContext): Promise<Outcome> {
  let target = given
  const fn = target.function.given
  const log = (line: string): void => ctx.info(`${fn}: ${line}`)
  const ours = target.artifact
  let functionArn: string | undefined = knownArn(target)
  const call = makeCall(
    ctx,
    {
      function: fn,
      region: target.region,
      functionArn: () => functionArn,
      s3Bucket: target.upload.kind === 's3' ? target.upload.bucket : undefined,
      s3Target:
        target.upload.kind === 's3'
          ? `arn:aws:s3:::${target.upload.bucket}/${target.upload.key.replace(/[^/]+\/[^/]+$/, '*')}`
          : undefined,
    },
    log,
  )

  // 1. The function as it is now (created when missing and asked to); wait while it is busy.
  const read = await readFunction(target, ctx, call)
  let current: FunctionConfiguration
  let created = false
  if ('cfg' in read) {
    current = read.cfg
  } else {
    if (ctx.create === undefined) throw notFound(target, read.missing)
    if (ctx.dryRun) {
      log('does not exist: it would be created (dry run: not done)')
      return { bin: target.bin, function: fn, result: 'dry-run', codeSha256: ours.codeSha256 }
    }
    current = await createFunction(target, ctx, call, log)
    created = true
  }
  functionArn = current.FunctionArn ?? functionArn
  current = await waitUntilIdle(target, ctx, call, current, log)
  const image = target.upload.kind === 'image'
  if (current.PackageType === 'Image' && !image) {
    throw new DeployError(
      `Function '${fn}' in ${target.region} is a container image function (PackageType Image) and this build made a zip: set 'package-type: image' and 'image-repository' to deploy it, or name a zip function.`,
    )
  }
  if (current.PackageType !== 'Image' && image) {
    throw new DeployError(
      `Function '${fn}' in ${target.region} is a .zip function (PackageType Zip) and this build made a container image: Lambda cannot switch a function's package type. Use 'package-type: zip' for it, or name a function created from an image.`,
    )
  }

  // With attach-layers: the function's own layers, with this run's versions in (one decision).
  if (ctx.layers !== undefined && ctx.layers.length > 0)
    target = withLayers(target, current, ctx.layers)

  // 2. Compare: the reproducible zips make an unchanged build byte-identical; the configuration
  //    is compared only for what the inputs ask.
  const currentArch = current.Architectures?.[0] ?? 'x86_64'
  const sameCode =
    current.CodeSha256 === ours.codeSha256 &&
    currentArch === ours.architecture &&
    current.LastUpdateStatus !== 'Failed'
  const configuration = planConfiguration(current, target.configuration)
  const marks = { ...(created && { created: true }) }
  if (sameCode && !ctx.force && configuration === undefined) {
    const outcome = await unchanged(target, ctx, current, call, log)
    // A function just created has this run's code: it was not unchanged.
    return created && outcome.result === 'unchanged'
      ? { ...outcome, result: 'updated', ...marks }
      : { ...outcome, ...marks }
  }

  let settled = current
  if (!sameCode || ctx.force) {
    // 3. Architecture: say so when this deploy switches it.
    if (currentArch !== ours.architecture) {
      ctx.notice(
        `${fn}: changing the function's architecture from ${currentArch} to ${ours.architecture} (the zip holds an ${ours.architecture} binary).`,
      )
    }
    const updated = await updateCode(target, ctx, current, call, log)
    if (updated === undefined) {
      if (configuration !== undefined) {
        log(`would change the configuration: ${configuration.changes.join('; ')} (dry run)`)
      }
      log('dry run: the update was validated and not applied')
      return {
        bin: target.bin,
        function: fn,
        result: 'dry-run',
        arn: current.FunctionArn,
        version: undefined,
        alias: undefined,
        codeSha256: ours.codeSha256,
      }
    }
    // 4. Wait for the update to finish; a failed update names its reason.
    settled = await waitForUpdate(target, ctx, call, updated, log)
    if (settled.CodeSha256 !== ours.codeSha256) {
      throw new DeployError(
        `Function '${fn}' in ${target.region} reports CodeSha256 ${settled.CodeSha256 ?? '(none)'} after the update, not ${ours.codeSha256}: another deployment changed it at the same time. Re-run the job.`,
      )
    }
  }

  // 5. The configuration asked for: at most one write, and only when something differs.
  if (configuration !== undefined) {
    if (ctx.dryRun) {
      log(`would change the configuration: ${configuration.changes.join('; ')} (dry run: not done)`)
      return {
        bin: target.bin,
        function: fn,
        result: 'dry-run',
        arn: current.FunctionArn,
        codeSha256: ours.codeSha256,
      }
    }
    settled = await configure(target, ctx, settled, configuration, call, log)
  }

  // 6. Publish, verify that version, and point the alias at it.
  const base = {
    bin: target.bin,
    function: fn,
    arn: settled.FunctionArn ?? current.FunctionArn,
    codeSha256: ours.codeSha256,
    ...(configuration !== undefined && { configured: configuration.changes }),
    ...marks,
  }
  if (!ctx.publish) return { ...base, result: 'updated', version: '$LATEST', alias: ctx.alias }
  const version = await publish(target, ctx, settled.RevisionId, call, log)
  return verifyAndPoint(target, ctx, version, call, log, base)
}

/**
 * The target with the layers it must have: its current layers, this run's layer versions put in
 * (configuration.ts, desiredLayers). More than 5 stops this function's deploy; deployLayers has
 * already refused that before any write, so this only guards a function changed meanwhile.
 */
function withLayers(
  target: DeployTarget,
  current: FunctionConfiguration,
  wishes: readonly LayerWish[],
): DeployTarget {
  const have = (current.Layers ?? []).flatMap((l) => (l.Arn === undefined ? [] : [l.Arn]))
  const layers = desiredLayers(have, wishes)
  if (layers.problem !== undefined) {
    throw new DeployError(
      `Function '${target.function.given}' in ${target.region}: ${layers.problem}`,
    )
  }
  return { ...target, configuration: { ...target.configuration, layers: layers.arns } }
}

/** UpdateFunctionCode (uploading to S3 first when asked); undefined after a dry run. */
async function updateCode(
  target: DeployTarget,
  ctx: StepContext,
  current: FunctionConfiguration,
  call: Call,
  log: (line: string) => void,
): Promise<FunctionConfiguration | undefined> {
  const ours = target.artifact
  // The RevisionId we read, so a concurrent change is detected.
  const input: UpdateFunctionCodeCommandInput = {
    FunctionName: target.function.given,
    Architectures: [ours.architecture],
    ...(current.RevisionId !== undefined ? { RevisionId: current.RevisionId } : {}),
    ...(ctx.dryRun ? { DryRun: true } : {}),
    ...(await codeOf(target, ctx, call, log)),
  }
  log(
    `${ctx.dryRun ? 'validating (dry run) ' : 'updating '}code ${current.CodeSha256 ?? '(none)'} -> ${ours.codeSha256}${target.upload.kind === 's3' ? ' from S3' : target.upload.kind === 'image' ? ` (image ${target.upload.imageUri})` : ''}`,
  )
  const updated = await call('UpdateFunctionCode', () =>
    confirmed(
      () => ctx.lambda.send(new UpdateFunctionCodeCommand(input)),
      async () => {
        // Resent blindly, the update would carry a RevisionId our own update already replaced.
        if (ctx.dryRun) return undefined
        const now = await getFunction(target, ctx, call)
        const ourCode =
          now.CodeSha256 === ours.codeSha256 &&
          (now.Architectures?.[0] ?? 'x86_64') === ours.architecture
        if (!ourCode) return undefined
        log('the answer to UpdateFunctionCode was lost, but the function already has this code')
        return now
      },
    ),
  )
  return ctx.dryRun ? undefined : updated
}

/** The code of a create or update: the zip inline, an S3 object (uploaded now), or the image. */
async function codeOf(
  target: DeployTarget,
  ctx: StepContext,
  call: Call,
  log: (line: string) => void,
): Promise<Pick<FunctionCode, 'ZipFile' | 'S3Bucket' | 'S3Key' | 'ImageUri'>> {
  const ours = target.artifact
  if (target.upload.kind === 'image') return { ImageUri: target.upload.imageUri }
  if (target.upload.kind === 's3') {
    const upload = target.upload
    const body = await fs.readFile(ours.zipPath)
    log(`uploading ${ours.zipSize} bytes to s3://${upload.bucket}/${upload.key}`)
    await call('PutObject', () => putZip(ctx.s3(), upload, body, ours.codeSha256))
    return { S3Bucket: upload.bucket, S3Key: upload.key }
  }
  return { ZipFile: await fs.readFile(ours.zipPath) }
}

/**
 * CreateFunction with this run's code and settings, then the function as Lambda answered
 * (State Pending: the caller waits until it is Active). Another job's create is read back.
 */
async function createFunction(
  target: DeployTarget,
  ctx: StepContext,
  call: Call,
  log: (line: string) => void,
): Promise<FunctionConfiguration> {
  const create = ctx.create
  if (create === undefined) throw new Error('createFunction without create-function')
  const desired = target.configuration
  const image = target.upload.kind === 'image'
  const variables = desired.environment?.variables ?? {}
  const keys = Object.keys(variables)
  log(
    `does not exist: creating it (${target.artifact.architecture}, ${image ? 'container image' : `${create.runtime}, handler bootstrap`}, ${create.memorySize} MB, ${create.timeout} s${keys.length > 0 ? `, environment ${keys.sort().join(', ')}` : ''})`,
  )
  const code = await codeOf(target, ctx, call, log)
  const input = {
    FunctionName: target.function.given,
    Role: create.roleArn,
    Code: code,
    PackageType: image ? ('Image' as const) : ('Zip' as const),
    ...(!image && { Runtime: create.runtime, Handler: 'bootstrap' }),
    Architectures: [target.artifact.architecture],
    MemorySize: create.memorySize,
    Timeout: create.timeout,
    ...(desired.description !== undefined && { Description: desired.description }),
    ...(keys.length > 0 && { Environment: { Variables: { ...variables } } }),
    ...(desired.layers !== undefined && { Layers: [...desired.layers] }),
    Publish: false,
  }
  try {
    return await call('CreateFunction', () =>
      confirmed(
        () => ctx.lambda.send(new CreateFunctionCommand(input)),
        async () => {
          const now = await readFunction(target, ctx, call)
          return 'cfg' in now ? now.cfg : undefined
        },
      ),
    )
  } catch (error) {
    if (!isAlreadyExists(error)) throw error
    log('was created meanwhile by someone else: deploying to it')
    return getFunction(target, ctx, call)
  }
}

/** UpdateFunctionConfiguration with the fields that differ, then wait until it has landed. */
async function configure(
  target: DeployTarget,
  ctx: StepContext,
  current: FunctionConfiguration,
  plan: ConfigurationPlan,
  call: Call,
  log: (line: string) => void,
): Promise<FunctionConfiguration> {
  log(`changing the configuration: ${plan.changes.join('; ')}`)
  const updated = await call('UpdateFunctionConfiguration', () =>
    ctx.lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: target.function.given,
        ...plan.update,
        ...(current.RevisionId !== undefined ? { RevisionId: current.RevisionId } : {}),
      }),
    ),
  )
  return waitForUpdate(target, ctx, call, updated, log, 'configuration update')
}

/**
 * Invokes the version when `verify-event` asks, and points the alias at it only when it
 * answered as expected. A failed verification leaves the alias where it was: the outcome is
 * `failed`, with the published version and the verification.
 */
async function verifyAndPoint(
  target: DeployTarget,
  ctx: StepContext,
  version: string,
  call: Call,
  log: (line: string) => void,
  base: Omit<Outcome, 'result'>,
): Promise<Outcome> {
  const fn = target.function.given
  let verification: VerificationOutcome | undefined
  if (ctx.verify !== undefined) {
    const answer = await invokeVersion(ctx.lambda, fn, version, ctx.verify.event, ctx.now, call)
    const judged = judgeInvocation(answer, ctx.verify, ctx.redact)
    verification = outcomeOf(judged)
    if (judged.status === 'failed') {
      const error = verificationFailure(version, judged, ctx.alias)
      for (const line of error.split('\n')) log(line)
      return { ...base, result: 'failed', version, verification, error }
    }
    log(`verified version ${version} in ${answer.ms} ms: ${judged.response}`)
    if (judged.log !== '') log(`log tail of the verification:\n${logTail(judged.log)}`)
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

function knownArn(target: DeployTarget): string | undefined {
  const f = target.function
  return f.account !== undefined
    ? `arn:${partitionOfRef(f, target.region)}:lambda:${target.region}:${f.account}:function:${f.name}`
    : undefined
}

/** GetFunction: the function's configuration, or Lambda's message when it does not exist. */
async function readFunction(
  target: DeployTarget,
  ctx: StepContext,
  call: Call,
): Promise<{ readonly cfg: FunctionConfiguration } | { readonly missing: string }> {
  try {
    const got = await call('GetFunction', () =>
      ctx.lambda.send(new GetFunctionCommand({ FunctionName: target.function.given })),
    )
    if (got.Configuration === undefined) {
      throw new DeployError(
        `Lambda GetFunction for '${target.function.given}' in ${target.region} returned no configuration.`,
      )
    }
    return { cfg: got.Configuration }
  } catch (error) {
    if (error instanceof AwsCallError && error.code === 'ResourceNotFoundException') {
      return { missing: error.awsMessage }
    }
    throw error
  }
}

async function getFunction(
  target: DeployTarget,
  ctx: StepContext,
  call: Call,
): Promise<FunctionConfiguration> {
  const read = await readFunction(target, ctx, call)
  if ('missing' in read) throw notFound(target, read.missing)
  return read.cfg
}

/** ResourceNotFoundException on GetFunction: name the function, the region and the account. */
function notFound(target: DeployTarget, awsMessage: string): DeployError {
  const account =
    target.function.account ??
    accountInText(awsMessage) ??
    'unknown (Lambda did not say; `aws sts get-caller-identity` shows the account of the credentials)'
  return new DeployError(
    `Lambda function '${target.function.name}' was not found in region ${target.region}, account ${account}. Check the name in 'function-name' / 'functions', the region ('aws-region' or AWS_REGION) and that the credentials belong to that account; to create it, set 'create-function: true' and 'role-arn'.`,
  )
}

/**
 * Runs an SDK waiter (waitUntil*: throws unless it succeeds). On a failure state or timeout, reads
 * the function once more so the error can quote its state and reason.
 */
async function runWaiter(
  target: DeployTarget,
  ctx: StepContext,
  call: Call,
  waiter: typeof waitUntilFunctionUpdatedV2,
): Promise<{ cfg: FunctionConfiguration; timedOut: boolean }> {
  try {
    const r = await waiter(
      { client: ctx.lambda, ...ctx.waiter },
      { FunctionName: target.function.given },
    )
    const cfg = configurationOf(r.reason)
    if (cfg !== undefined) return { cfg, timedOut: false }
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError'
    return { cfg: await getFunction(target, ctx, call), timedOut }
  }
  return { cfg: await getFunction(target, ctx, call), timedOut: false }
}

async function waitUntilIdle(
  target: DeployTarget,
  ctx: StepContext,
  call: Call,
  current: FunctionConfiguration,
  log: (line: string) => void,
): Promise<FunctionConfiguration> {
  const fn = target.function.given
  let cfg = current
  if (cfg.State === 'Pending') {
    log('state is Pending; waiting until it is Active')
    cfg = (await runWaiter(target, ctx, call, waitUntilFunctionActiveV2)).cfg
    if (cfg.State !== 'Active') {
      throw new DeployError(
        `Function '${fn}' in ${target.region} did not become Active (state ${cfg.State ?? 'unknown'}${cfg.StateReason ? `: ${cfg.StateReason}` : ''}); it cannot be updated until it is.`,
      )
    }
  }
  if (cfg.LastUpdateStatus === 'InProgress') {
    log('another update is in progress; waiting for it to finish')
    cfg = (await runWaiter(target, ctx, call, waitUntilFunctionUpdatedV2)).cfg
    if (cfg.LastUpdateStatus === 'InProgress') {
      throw new DeployError(
        `Function '${fn}' in ${target.region} was still being updated by someone else after ${ctx.waiter.maxWaitTime} s; not deploying on top of it.`,
      )
    }
  }
  return cfg
}

async function waitForUpdate(
  target: DeployTarget,
  ctx: StepContext,
  call: Call,
  updated: FunctionConfiguration,
  log: (line: string) => void,
  what = 'code update',
): Promise<FunctionConfiguration> {
  if (updated.LastUpdateStatus !== 'InProgress') return checkNotFailed(target, updated, what)
  log(`waiting for the ${what} to finish (LastUpdateStatus InProgress)`)
  const { cfg } = await runWaiter(target, ctx, call, waitUntilFunctionUpdatedV2)
  if (cfg.LastUpdateStatus === 'InProgress') {
    throw new DeployError(
      `Function '${target.function.given}' in ${target.region}: the ${what} did not finish within ${ctx.waiter.maxWaitTime} s (LastUpdateStatus still InProgress).`,
    )
  }
  return checkNotFailed(target, cfg, what)
}

function checkNotFailed(
  target: DeployTarget,
  cfg: FunctionConfiguration,
  what: string,
): FunctionConfiguration {
  if (cfg.LastUpdateStatus === 'Failed') {
    const code = cfg.LastUpdateStatusReasonCode ? ` [${cfg.LastUpdateStatusReasonCode}]` : ''
    throw new DeployError(
      `Function '${target.function.given}' in ${target.region}: Lambda rejected the ${what} (LastUpdateStatus Failed${code}): ${cfg.LastUpdateStatusReason ?? 'no reason given'}`,
    )
  }
  return cfg
}

function configurationOf(reason: unknown): FunctionConfiguration | undefined {
  if (typeof reason === 'object' && reason !== null && 'Configuration' in reason) {
    return (reason as { Configuration?: FunctionConfiguration }).Configuration
  }
  return undefined
}

async function publish(
  target: DeployTarget,
  ctx: StepContext,
  revisionId: string | undefined,
  call: Call,
  log: (line: string) => void,
): Promise<string> {
  const published = await call('PublishVersion', () =>
    ctx.lambda.send(
      new PublishVersionCommand({
        FunctionName: target.function.given,
        CodeSha256: target.artifact.codeSha256,
        ...(revisionId !== undefined ? { RevisionId: revisionId } : {}),
      }),
    ),
  )
  if (published.Version === undefined) {
    throw new DeployError(
      `Lambda PublishVersion for '${target.function.given}' in ${target.region} returned no version number.`,
    )
  }
  log(`published version ${published.Version}`)
  return published.Version
}

/** Pure: whether a version (or $LATEST) holds the artifact and the configuration asked for. */
function serves(target: DeployTarget, cfg: FunctionConfiguration | undefined): boolean {
  return (
    cfg !== undefined &&
    cfg.CodeSha256 === target.artifact.codeSha256 &&
    (cfg.Architectures?.[0] ?? 'x86_64') === target.artifact.architecture &&
    planConfiguration(cfg, target.configuration) === undefined
  )
}

/**
 * The code and configuration are already there. Without an alias that is the end of it; with
 * one, make sure the alias serves them too, with the weight asked (a previous run may have
 * stopped between update and alias, or routed a canary): only then is the deploy really
 * unchanged, and only reads are made to find out.
 */
async function unchanged(
  target: DeployTarget,
  ctx: StepContext,
  current: FunctionConfiguration,
  call: Call,
  log: (line: string) => void,
): Promise<Outcome> {
  const fn = target.function.given
  const base = {
    bin: target.bin,
    function: fn,
    arn: current.FunctionArn,
    codeSha256: target.artifact.codeSha256,
  }
  if (ctx.alias === undefined && !ctx.publish) {
    log(
      `code unchanged (${target.artifact.codeSha256}); nothing to do (force: true updates anyway)`,
    )
    return { ...base, result: 'unchanged', version: '$LATEST' }
  }
  if (ctx.alias === undefined) {
    // Publishing without an alias: done only when a published version already has this code
    // (a previous run may have updated $LATEST and then failed to publish).
    const published = await versionWithCode(target, ctx, call)
    if (published !== undefined) {
      log(`code unchanged; version ${published} already has it (force: true updates anyway)`)
      return { ...base, result: 'unchanged', version: published }
    }
    if (ctx.dryRun) {
      log('code unchanged, but no published version has it: it would be published (dry run)')
      return { ...base, result: 'dry-run', version: undefined, alias: undefined }
    }
    log('code unchanged, but no published version has it yet: publishing')
    const version = await publish(target, ctx, current.RevisionId, call, log)
    return verifyAndPoint(target, ctx, version, call, log, base)
  }
  const alias = ctx.alias
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
    if (serves(target, got.Configuration)) {
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
    return verifyAndPoint(target, ctx, held, call, log, base)
  }
  log(`code unchanged, but alias ${alias} does not serve it yet: publishing and moving the alias`)
  const version = await publish(target, ctx, current.RevisionId, call, log)
  return verifyAndPoint(target, ctx, version, call, log, base)
}

/** The newest published version with the artifact's code, architecture and configuration (reads only). */
async function versionWithCode(
  target: DeployTarget,
  ctx: StepContext,
  call: Call,
): Promise<string | undefined> {
  let marker: string | undefined
  let found: string | undefined
  do {
    const page = await call('ListVersionsByFunction', () =>
      ctx.lambda.send(
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
        serves(target, v) &&
        (found === undefined || Number(v.Version) > Number(found))
      ) {
        found = v.Version
      }
    }
    marker = page.NextMarker
  } while (marker !== undefined)
  return found
}
