/**
 * One function's deploy, step by step: GetFunction (CreateFunction when it is missing and
 * `create-function` asks for it; wait while it is busy), decide (decide.ts), UpdateFunctionCode,
 * at most one UpdateFunctionConfiguration, wait, PublishVersion, invoke that version
 * (`verify-event`), then point the alias (all of its traffic, or a canary's share).
 * The reads are in lambda-read.ts, the writes in lambda-write.ts, the end in lambda-release.ts.
 */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda'
import { DeployError } from '../errors.js'
import { partitionOfRef } from '../lambda/names.js'
import { makeCall, type Deployer, type StepContext } from './call.js'
import { decideDeploy } from './decide.js'
import type { DeployTarget } from './plan.js'
import { notFound, readFunction, waitForUpdate, waitUntilIdle } from './lambda-read.js'
import { unchanged, verifyAndPoint, type Outcome } from './lambda-release.js'
import { configure, createFunction, publish, updateCode } from './lambda-write.js'

/** Deploys one target. Throws DeployError (with a complete message) on failure. */
export async function deployTarget(target: DeployTarget, ctx: StepContext): Promise<Outcome> {
  const fn = target.function.given
  const log = (line: string): void => ctx.deps.info(`${fn}: ${line}`)
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
  let d: Deployer = { target, ctx, call, log }

  // 1. The function as it is now (created when missing and asked to); wait while it is busy.
  const read = await readFunction(d)
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
    current = await createFunction(d)
    created = true
  }
  functionArn = current.FunctionArn ?? functionArn
  current = await waitUntilIdle(d, current)

  // 2. Decide from what the function has now.
  const decision = decideDeploy(current, ours, {
    function: fn,
    region: target.region,
    upload: target.upload.kind,
    configuration: target.configuration,
    layers: ctx.layers,
    force: ctx.force,
    publish: ctx.publish,
    alias: ctx.alias,
  })
  if (decision.kind === 'refuse') throw new DeployError(decision.message)
  d = { ...d, target: { ...target, configuration: decision.configuration } }
  const marks = { ...(created && { created: true }) }
  if (decision.kind === 'unchanged') {
    const outcome = await unchanged(d, current, decision.check)
    // A function just created has this run's code: it was not unchanged.
    return created && outcome.result === 'unchanged'
      ? { ...outcome, result: 'updated', ...marks }
      : { ...outcome, ...marks }
  }

  const configuration = decision.configure
  let settled = current
  if (decision.code !== undefined) {
    // 3. Architecture: say so when this deploy switches it.
    const arch = decision.code.architecture
    if (arch !== undefined) {
      ctx.deps.notice(
        `${fn}: changing the function's architecture from ${arch.from} to ${arch.to} (the zip holds an ${arch.to} binary).`,
      )
    }
    const updated = await updateCode(d, current)
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
    settled = await waitForUpdate(d, updated)
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
    settled = await configure(d, settled, configuration)
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
  if (!decision.publish) return { ...base, result: 'updated', version: '$LATEST', alias: ctx.alias }
  const version = await publish(d, settled.RevisionId)
  return verifyAndPoint(d, version, base)
}

function knownArn(target: DeployTarget): string | undefined {
  const f = target.function
  return f.account !== undefined
    ? `arn:${partitionOfRef(f, target.region)}:lambda:${target.region}:${f.account}:function:${f.name}`
    : undefined
}
