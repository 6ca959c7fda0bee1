/**
 * `promote: true`: the second step of a canary release. Builds nothing and writes no code: for
 * each function, the version its alias routes a share of the traffic to becomes the primary and
 * the routing is cleared (verified first when `verify-event` is set). Loaded lazily by run.ts.
 */
import * as core from '@actions/core'
import { GetFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda'
import pLimit from 'p-limit'
import { MIN_MASKED_LENGTH } from '../config/release.js'
import { DeployError, failureMessage } from '../errors.js'
import { parseFunctionRef } from '../lambda/names.js'
import { Inputs } from '../constants.js'
import type { DeployConfig, DeployOutcome } from '../types.js'
import { applyAliasStep, getAlias } from './alias.js'
import { makeCall, type StepContext } from './call.js'
import { defaultDeps, type DeployDeps } from './deps.js'
import { planPromote } from './routing.js'
import { redactor, verifyVersion } from './verify.js'

interface PromoteTarget {
  readonly bin: string
  readonly given: string
  readonly region: string
}

/** Pure: the functions to promote, each with its region; throws naming what is missing. */
export function planPromotion(
  deploy: DeployConfig,
  env: {
    readonly AWS_REGION?: string | undefined
    readonly AWS_DEFAULT_REGION?: string | undefined
  },
): PromoteTarget[] {
  const named =
    deploy.functionName !== undefined
      ? [{ bin: '', input: Inputs.FunctionName, given: deploy.functionName }]
      : deploy.functions.map((m) => ({ bin: m.binary, input: Inputs.Functions, given: m.function }))
  const envRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined
  return named.map((n) => {
    const ref = parseFunctionRef(n.input, n.given)
    const region = ref.region ?? deploy.region ?? envRegion
    if (region === undefined) {
      throw new DeployError(
        `${n.given}: no AWS region. Set 'aws-region', or AWS_REGION in the environment, or give the function as a full ARN.`,
      )
    }
    return { bin: n.bin, given: n.given, region }
  })
}

export async function promoteFunctions(
  deploy: DeployConfig,
  deps: DeployDeps = defaultDeps(),
): Promise<DeployOutcome[]> {
  const alias = deploy.alias
  if (alias === undefined) throw new Error('promote without an alias')
  const targets = planPromotion(deploy, deps.env)
  const redact = redactor(
    Object.values(deploy.configuration.environment?.variables ?? {}),
    MIN_MASKED_LENGTH,
  )
  const clients = new Map<string, LambdaClient>()
  const client = (region: string): LambdaClient => {
    const made = clients.get(region) ?? deps.lambdaClient(region)
    clients.set(region, made)
    return made
  }
  const limit = pLimit(deploy.concurrency)
  const n = targets.length
  try {
    return await core.group(`Promote alias ${alias} of ${n} function${n === 1 ? '' : 's'}`, () =>
      Promise.all(
        targets.map((t) =>
          limit(async (): Promise<DeployOutcome> => {
            const t0 = deps.now()
            const ctx: StepContext = {
              deps,
              lambda: client(t.region),
              s3: () => {
                throw new Error('promote uploads nothing')
              },
              needs: {
                s3: false,
                publish: false,
                alias: true,
                verify: deploy.verify !== undefined,
              },
              publish: false,
              alias,
              aliasWeight: 1,
              verify: deploy.verify,
              create: undefined,
              dryRun: deploy.dryRun,
              force: false,
              layers: undefined,
              redact,
            }
            try {
              const outcome = await promoteOne(t, ctx, alias)
              return { ...outcome, ms: deps.now() - t0 }
            } catch (error) {
              const message = failureMessage(error)
              deps.info(`${t.given}: FAILED: ${message}`)
              return {
                bin: t.bin,
                function: t.given,
                result: 'failed',
                codeSha256: '',
                ms: deps.now() - t0,
                error: message,
              }
            }
          }),
        ),
      ),
    )
  } finally {
    for (const c of clients.values()) c.destroy()
  }
}

async function promoteOne(
  t: PromoteTarget,
  ctx: StepContext,
  alias: string,
): Promise<Omit<DeployOutcome, 'ms'>> {
  const log = (line: string): void => ctx.deps.info(`${t.given}: ${line}`)
  const call = makeCall(
    ctx,
    { function: t.given, region: t.region, functionArn: () => undefined },
    log,
  )
  const base = { bin: t.bin, function: t.given, alias }
  const existing = await getAlias(ctx, t.given, alias, call)
  if (existing === undefined) {
    throw new DeployError(
      `Function '${t.given}' in ${t.region} has no alias '${alias}' to promote: deploy with 'alias: ${alias}' and 'alias-weight' first.`,
    )
  }
  const step = planPromote(alias, existing)
  if (step.kind !== 'update') {
    log(step.kind === 'none' ? step.why : 'nothing to promote')
    const version = existing.FunctionVersion
    const code = await codeOf(ctx, t.given, version, call)
    return { ...base, result: 'unchanged', version, arn: code.arn, codeSha256: code.sha }
  }
  const code = await codeOf(ctx, t.given, step.version, call)
  const outcome = { ...base, version: step.version, arn: code.arn, codeSha256: code.sha }
  if (ctx.dryRun) {
    log(`would make version ${step.version} the primary of alias ${alias} (dry run: not done)`)
    return { ...outcome, result: 'dry-run' }
  }
  let verification
  if (ctx.verify !== undefined) {
    const checked = await verifyVersion(
      { ctx, call, log },
      ctx.verify,
      t.given,
      step.version,
      alias,
    )
    verification = checked.verification
    if (checked.error !== undefined) {
      return { ...outcome, result: 'failed', verification, error: checked.error }
    }
  }
  await applyAliasStep(ctx, t.given, alias, existing, step, call, log)
  return { ...outcome, result: 'updated', verification }
}

/** The code hash and ARN of a version (one GetFunction), for the outcome. */
async function codeOf(
  ctx: StepContext,
  fn: string,
  version: string | undefined,
  call: ReturnType<typeof makeCall>,
): Promise<{ sha: string; arn: string | undefined }> {
  const got = await call('GetFunction', () =>
    ctx.lambda.send(
      new GetFunctionCommand({
        FunctionName: fn,
        ...(version !== undefined && { Qualifier: version }),
      }),
    ),
  )
  return { sha: got.Configuration?.CodeSha256 ?? '', arn: got.Configuration?.FunctionArn }
}
