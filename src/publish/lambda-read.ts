/** The reads of one function's deploy: GetFunction, and waiting until the function is idle or updated. */
import {
  GetFunctionCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda'
import { DeployError } from '../errors.js'
import { accountInText } from '../lambda/names.js'
import { AwsCallError } from './aws-errors.js'
import type { Deployer } from './call.js'
import type { DeployTarget } from './plan.js'

/** GetFunction: the function's configuration, or Lambda's message when it does not exist. */
export async function readFunction(
  d: Deployer,
): Promise<{ readonly cfg: FunctionConfiguration } | { readonly missing: string }> {
  const { target } = d
  try {
    const got = await d.call('GetFunction', () =>
      d.ctx.lambda.send(new GetFunctionCommand({ FunctionName: target.function.given })),
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

export async function getFunction(d: Deployer): Promise<FunctionConfiguration> {
  const read = await readFunction(d)
  if ('missing' in read) throw notFound(d.target, read.missing)
  return read.cfg
}

/** ResourceNotFoundException on GetFunction: name the function, the region and the account. */
export function notFound(target: DeployTarget, awsMessage: string): DeployError {
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
  d: Deployer,
  waiter: typeof waitUntilFunctionUpdatedV2,
): Promise<{ cfg: FunctionConfiguration; timedOut: boolean }> {
  try {
    const r = await waiter(
      { client: d.ctx.lambda, ...d.ctx.deps.waiter },
      { FunctionName: d.target.function.given },
    )
    const cfg = configurationOf(r.reason)
    if (cfg !== undefined) return { cfg, timedOut: false }
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError'
    return { cfg: await getFunction(d), timedOut }
  }
  return { cfg: await getFunction(d), timedOut: false }
}

export async function waitUntilIdle(
  d: Deployer,
  current: FunctionConfiguration,
): Promise<FunctionConfiguration> {
  const { target, log } = d
  const fn = target.function.given
  let cfg = current
  if (cfg.State === 'Pending') {
    log('state is Pending; waiting until it is Active')
    cfg = (await runWaiter(d, waitUntilFunctionActiveV2)).cfg
    if (cfg.State !== 'Active') {
      throw new DeployError(
        `Function '${fn}' in ${target.region} did not become Active (state ${cfg.State ?? 'unknown'}${cfg.StateReason ? `: ${cfg.StateReason}` : ''}); it cannot be updated until it is.`,
      )
    }
  }
  if (cfg.LastUpdateStatus === 'InProgress') {
    log('another update is in progress; waiting for it to finish')
    cfg = (await runWaiter(d, waitUntilFunctionUpdatedV2)).cfg
    if (cfg.LastUpdateStatus === 'InProgress') {
      throw new DeployError(
        `Function '${fn}' in ${target.region} was still being updated by someone else after ${d.ctx.deps.waiter.maxWaitTime} s; not deploying on top of it.`,
      )
    }
  }
  return cfg
}

export async function waitForUpdate(
  d: Deployer,
  updated: FunctionConfiguration,
  what = 'code update',
): Promise<FunctionConfiguration> {
  if (updated.LastUpdateStatus !== 'InProgress') return checkNotFailed(d.target, updated, what)
  d.log(`waiting for the ${what} to finish (LastUpdateStatus InProgress)`)
  const { cfg } = await runWaiter(d, waitUntilFunctionUpdatedV2)
  if (cfg.LastUpdateStatus === 'InProgress') {
    throw new DeployError(
      `Function '${d.target.function.given}' in ${d.target.region}: the ${what} did not finish within ${d.ctx.deps.waiter.maxWaitTime} s (LastUpdateStatus still InProgress).`,
    )
  }
  return checkNotFailed(d.target, cfg, what)
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
