/**
 * One function's deploy, step by step: GetFunction (and wait while it is busy), compare the
 * code, UpdateFunctionCode, wait for the update, PublishVersion, move the alias.
 */
import * as fs from 'node:fs/promises'
import {
  CreateAliasCommand,
  GetAliasCommand,
  GetFunctionCommand,
  LambdaClient,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type AliasConfiguration,
  type FunctionConfiguration,
  type UpdateFunctionCodeCommandInput,
} from '@aws-sdk/client-lambda'
import type { S3Client } from '@aws-sdk/client-s3'
import { DeployError } from '../errors.js'
import type { DeployOutcome } from '../types.js'
import {
  AwsCallError,
  awsErrorInfo,
  isAlreadyExists,
  isRetryable,
  isTransportError,
  translateAwsError,
  type IamNeeds,
} from './aws-errors.js'
import { accountInText, partitionOfRef } from '../lambda/names.js'
import type { DeployTarget } from './plan.js'
import { withRetry, type RetryPolicy } from './retry.js'
import { putZip } from './s3.js'

/** Seconds, as the SDK waiters take them. */
export interface WaiterTiming {
  readonly minDelay: number
  readonly maxDelay: number
  readonly maxWaitTime: number
}

export const DEFAULT_WAITER: WaiterTiming = { minDelay: 1, maxDelay: 5, maxWaitTime: 600 }

export interface StepContext {
  readonly lambda: LambdaClient
  readonly s3: () => S3Client
  readonly sleep: (ms: number) => Promise<void>
  readonly random: () => number
  readonly retry: RetryPolicy
  readonly waiter: WaiterTiming
  readonly needs: IamNeeds
  readonly publish: boolean
  readonly alias: string | undefined
  readonly dryRun: boolean
  readonly force: boolean
  readonly info: (line: string) => void
  readonly notice: (line: string) => void
}

/** Deploys one target. Throws DeployError (with a complete message) on failure. */
export async function deployTarget(
  target: DeployTarget,
  ctx: StepContext,
): Promise<Omit<DeployOutcome, 'ms'>> {
  const fn = target.function.given
  const log = (line: string): void => ctx.info(`${fn}: ${line}`)
  const ours = target.artifact
  let functionArn: string | undefined = knownArn(target)

  const call = async <T>(operation: string, send: () => Promise<T>): Promise<T> => {
    try {
      return await withRetry(send, {
        policy: ctx.retry,
        sleep: ctx.sleep,
        random: ctx.random,
        isRetryable,
        onRetry: (error, attempt, delay) => {
          const info = awsErrorInfo(error)
          log(
            `${operation}: ${info.code}${info.code === 'ResourceConflictException' ? ' (an update is in progress)' : ''}; retry ${attempt}/${ctx.retry.attempts - 1} in ${(delay / 1000).toFixed(1)} s`,
          )
        },
      })
    } catch (error) {
      throw translateAwsError(error, {
        operation,
        function: fn,
        region: target.region,
        needs: ctx.needs,
        functionArn,
        s3Bucket: target.upload.kind === 's3' ? target.upload.bucket : undefined,
        s3Target:
          target.upload.kind === 's3'
            ? `arn:aws:s3:::${target.upload.bucket}/${target.upload.key.replace(/[^/]+\/[^/]+$/, '*')}`
            : undefined,
      })
    }
  }

  // 1. The function as it is now; wait while it is being created or updated.
  let current = await getFunction(target, ctx, call)
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

  // 2. Compare: the reproducible zips make an unchanged build byte-identical.
  const currentArch = current.Architectures?.[0] ?? 'x86_64'
  const sameCode =
    current.CodeSha256 === ours.codeSha256 &&
    currentArch === ours.architecture &&
    current.LastUpdateStatus !== 'Failed'
  if (sameCode && !ctx.force) {
    return unchanged(target, ctx, current, call, log)
  }

  // 3. Architecture: say so when this deploy switches it.
  if (currentArch !== ours.architecture) {
    ctx.notice(
      `${fn}: changing the function's architecture from ${currentArch} to ${ours.architecture} (the zip holds an ${ours.architecture} binary).`,
    )
  }

  // 4. Upload and update, with the RevisionId we read so a concurrent change is detected.
  const input: UpdateFunctionCodeCommandInput = {
    FunctionName: fn,
    Architectures: [ours.architecture],
    ...(current.RevisionId !== undefined ? { RevisionId: current.RevisionId } : {}),
    ...(ctx.dryRun ? { DryRun: true } : {}),
  }
  if (target.upload.kind === 'image') {
    input.ImageUri = target.upload.imageUri
  } else if (target.upload.kind === 's3') {
    const upload = target.upload
    const body = await fs.readFile(ours.zipPath)
    log(`uploading ${ours.zipSize} bytes to s3://${upload.bucket}/${upload.key}`)
    await call('PutObject', () => putZip(ctx.s3(), upload, body, ours.codeSha256))
    input.S3Bucket = upload.bucket
    input.S3Key = upload.key
  } else {
    input.ZipFile = await fs.readFile(ours.zipPath)
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
  if (ctx.dryRun) {
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

  // 5. Wait for the update to finish; a failed update names its reason.
  const settled = await waitForUpdate(target, ctx, call, updated, log)
  if (settled.CodeSha256 !== ours.codeSha256) {
    throw new DeployError(
      `Function '${fn}' in ${target.region} reports CodeSha256 ${settled.CodeSha256 ?? '(none)'} after the update, not ${ours.codeSha256}: another deployment changed it at the same time. Re-run the job.`,
    )
  }

  // 6. Publish and point the alias at the new version.
  const version = ctx.publish
    ? await publish(target, ctx, settled.RevisionId, call, log)
    : '$LATEST'
  if (ctx.alias !== undefined && version !== '$LATEST') {
    await moveAlias(target, ctx, ctx.alias, version, call, log)
  }
  return {
    bin: target.bin,
    function: fn,
    result: 'updated',
    arn: settled.FunctionArn ?? current.FunctionArn,
    version,
    alias: ctx.alias,
    codeSha256: ours.codeSha256,
  }
}

type Call = <T>(operation: string, send: () => Promise<T>) => Promise<T>

/**
 * Sends a write; when its answer is lost in transit (the write may have landed), asks `confirm`
 * whether it did, from a fresh read, and returns that instead of failing. Otherwise the transport
 * error goes on to the retry layer.
 */
async function confirmed<T>(
  send: () => Promise<T>,
  confirm: () => Promise<T | undefined>,
): Promise<T> {
  try {
    return await send()
  } catch (error) {
    if (!isTransportError(error)) throw error
    const landed = await confirm()
    if (landed === undefined) throw error
    return landed
  }
}

function knownArn(target: DeployTarget): string | undefined {
  const f = target.function
  return f.account !== undefined
    ? `arn:${partitionOfRef(f, target.region)}:lambda:${target.region}:${f.account}:function:${f.name}`
    : undefined
}

async function getFunction(
  target: DeployTarget,
  ctx: StepContext,
  call: Call,
): Promise<FunctionConfiguration> {
  try {
    const got = await call('GetFunction', () =>
      ctx.lambda.send(new GetFunctionCommand({ FunctionName: target.function.given })),
    )
    if (got.Configuration === undefined) {
      throw new DeployError(
        `Lambda GetFunction for '${target.function.given}' in ${target.region} returned no configuration.`,
      )
    }
    return got.Configuration
  } catch (error) {
    throw notFound(error, target) ?? error
  }
}

/** ResourceNotFoundException on GetFunction: name the function, the region and the account. */
function notFound(error: unknown, target: DeployTarget): DeployError | undefined {
  if (!(error instanceof AwsCallError) || error.code !== 'ResourceNotFoundException') {
    return undefined
  }
  const account =
    target.function.account ??
    accountInText(error.awsMessage) ??
    'unknown (Lambda did not say; `aws sts get-caller-identity` shows the account of the credentials)'
  return new DeployError(
    `Lambda function '${target.function.name}' was not found in region ${target.region}, account ${account}. Check the name in 'function-name' / 'functions', the region ('aws-region' or AWS_REGION) and that the credentials belong to that account; this action updates existing functions and never creates them.`,
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
): Promise<FunctionConfiguration> {
  if (updated.LastUpdateStatus !== 'InProgress') return checkNotFailed(target, updated)
  log('waiting for the update to finish (LastUpdateStatus InProgress)')
  const { cfg } = await runWaiter(target, ctx, call, waitUntilFunctionUpdatedV2)
  if (cfg.LastUpdateStatus === 'InProgress') {
    throw new DeployError(
      `Function '${target.function.given}' in ${target.region}: the code update did not finish within ${ctx.waiter.maxWaitTime} s (LastUpdateStatus still InProgress).`,
    )
  }
  return checkNotFailed(target, cfg)
}

function checkNotFailed(target: DeployTarget, cfg: FunctionConfiguration): FunctionConfiguration {
  if (cfg.LastUpdateStatus === 'Failed') {
    const code = cfg.LastUpdateStatusReasonCode ? ` [${cfg.LastUpdateStatusReasonCode}]` : ''
    throw new DeployError(
      `Function '${target.function.given}' in ${target.region}: Lambda rejected the code update (LastUpdateStatus Failed${code}): ${cfg.LastUpdateStatusReason ?? 'no reason given'}`,
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

async function getAlias(
  target: DeployTarget,
  ctx: StepContext,
  alias: string,
  call: Call,
): Promise<AliasConfiguration | undefined> {
  try {
    return await call('GetAlias', () =>
      ctx.lambda.send(new GetAliasCommand({ FunctionName: target.function.given, Name: alias })),
    )
  } catch (error) {
    if (error instanceof AwsCallError && error.code === 'ResourceNotFoundException') {
      return undefined
    }
    throw error
  }
}

async function moveAlias(
  target: DeployTarget,
  ctx: StepContext,
  alias: string,
  version: string,
  call: Call,
  log: (line: string) => void,
): Promise<void> {
  const fn = target.function.given
  let existing = await getAlias(target, ctx, alias, call)
  if (existing === undefined) {
    try {
      await call('CreateAlias', () =>
        ctx.lambda.send(
          new CreateAliasCommand({ FunctionName: fn, Name: alias, FunctionVersion: version }),
        ),
      )
      log(`created alias ${alias} -> ${version}`)
      return
    } catch (error) {
      // Our own CreateAlias whose answer was lost, or another job that created it since we read:
      // either way it exists now, so read it and move it if it points elsewhere.
      if (!isAlreadyExists(error)) throw error
      existing = await getAlias(target, ctx, alias, call)
      if (existing === undefined) throw error
      log(`alias ${alias} was created meanwhile (it points at ${existing.FunctionVersion ?? '?'})`)
    }
  }
  if (existing.FunctionVersion === version) {
    log(`alias ${alias} already points at ${version}`)
    return
  }
  const from = existing
  await call('UpdateAlias', () =>
    confirmed(
      () =>
        ctx.lambda.send(
          new UpdateAliasCommand({
            FunctionName: fn,
            Name: alias,
            FunctionVersion: version,
            ...(from.RevisionId !== undefined ? { RevisionId: from.RevisionId } : {}),
          }),
        ),
      async () => {
        const now = await getAlias(target, ctx, alias, call)
        return now?.FunctionVersion === version ? now : undefined
      },
    ),
  )
  log(`moved alias ${alias}: ${from.FunctionVersion ?? '?'} -> ${version}`)
}

/**
 * The code is already there. Without an alias that is the end of it; with one, make sure the
 * alias serves this code too (a previous run may have stopped between update and alias): only
 * then is the deploy really unchanged, and only reads are made to find out.
 */
async function unchanged(
  target: DeployTarget,
  ctx: StepContext,
  current: FunctionConfiguration,
  call: Call,
  log: (line: string) => void,
): Promise<Omit<DeployOutcome, 'ms'>> {
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
    return { ...base, result: 'updated', version }
  }
  const alias = ctx.alias
  const existing = await getAlias(target, ctx, alias, call)
  // An alias on $LATEST follows every update: with publishing on it moves to a numbered version.
  const onLatest = ctx.publish && existing?.FunctionVersion === '$LATEST'
  if (existing?.FunctionVersion !== undefined && !onLatest) {
    const aliased = await call('GetFunction', () =>
      ctx.lambda.send(
        new GetFunctionCommand({ FunctionName: fn, Qualifier: existing.FunctionVersion }),
      ),
    )
    const cfg = aliased.Configuration
    if (
      cfg?.CodeSha256 === target.artifact.codeSha256 &&
      (cfg.Architectures?.[0] ?? 'x86_64') === target.artifact.architecture
    ) {
      log(
        `code unchanged and alias ${alias} already serves it (version ${existing.FunctionVersion})`,
      )
      return { ...base, result: 'unchanged', version: existing.FunctionVersion, alias }
    }
  }
  if (ctx.dryRun) {
    log(`code unchanged; alias ${alias} would be moved to a new version (dry run: not done)`)
    return { ...base, result: 'dry-run', version: undefined, alias: undefined }
  }
  log(`code unchanged, but alias ${alias} does not serve it yet: publishing and moving the alias`)
  const version = await publish(target, ctx, current.RevisionId, call, log)
  await moveAlias(target, ctx, alias, version, call, log)
  return { ...base, result: 'updated', version, alias }
}

/** The newest published version whose code and architecture are the artifact's (reads only). */
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
        v.CodeSha256 === target.artifact.codeSha256 &&
        (v.Architectures?.[0] ?? 'x86_64') === target.artifact.architecture &&
        (found === undefined || Number(v.Version) > Number(found))
      ) {
        found = v.Version
      }
    }
    marker = page.NextMarker
  } while (marker !== undefined)
  return found
}
