/**
 * What every step of one function's deploy shares: the context (seams, clients, settings), and
 * how an AWS call is made (retried, translated into a DeployError that says what to do) and
 * confirmed when its answer is lost.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda'
import type { S3Client } from '@aws-sdk/client-s3'
import type { FunctionCreation, VerifyConfig } from '../types.js'
import type { LayerWish } from './configuration.js'
import type { DeployTarget } from './plan.js'
import { awsErrorInfo, isRetryable, isTransportError, translateAwsError } from './aws-errors.js'
import type { IamNeeds } from './aws-errors.js'
import type { DeployDeps } from './deps.js'
import { withRetry } from './retry.js'

/**
 * One function's deploy: the deploy's seams (`deps`), the clients of the function's region, and
 * the settings of the plan.
 */
export interface StepContext {
  readonly deps: DeployDeps
  readonly lambda: LambdaClient
  readonly s3: () => S3Client
  readonly needs: IamNeeds
  readonly publish: boolean
  readonly alias: string | undefined
  /** The new version's share of the alias's traffic (1: the alias moves). */
  readonly aliasWeight: number
  readonly verify: VerifyConfig | undefined
  readonly create: FunctionCreation | undefined
  readonly dryRun: boolean
  readonly force: boolean
  /** `attach-layers`: the layer versions this function gets (its region's). */
  readonly layers: readonly LayerWish[] | undefined
  /** Removes the values of `environment` from text quoted from AWS or the function. */
  readonly redact: (text: string) => string
}

/** One AWS call of a deploy: retried when AWS says "later", translated when it fails. */
export type Call = <T>(operation: string, send: () => Promise<T>) => Promise<T>

/** One function's deploy: what every step of it takes (lambda.ts makes it). */
export interface Deployer {
  readonly target: DeployTarget
  readonly ctx: StepContext
  readonly call: Call
  /** A line of the log, prefixed with the function's name. */
  readonly log: (line: string) => void
}

export interface CallTarget {
  readonly function: string
  readonly region: string
  readonly functionArn: () => string | undefined
  readonly s3Bucket?: string | undefined
  readonly s3Target?: string | undefined
}

export function makeCall(ctx: StepContext, target: CallTarget, log: (line: string) => void): Call {
  return async <T>(operation: string, send: () => Promise<T>): Promise<T> => {
    try {
      return await withRetry(send, {
        policy: ctx.deps.retry,
        sleep: ctx.deps.sleep,
        random: ctx.deps.random,
        isRetryable,
        onRetry: (error, attempt, delay) => {
          const info = awsErrorInfo(error)
          log(
            `${operation}: ${info.code}${info.code === 'ResourceConflictException' ? ' (an update is in progress)' : ''}; retry ${attempt}/${ctx.deps.retry.attempts - 1} in ${(delay / 1000).toFixed(1)} s`,
          )
        },
      })
    } catch (error) {
      throw translateAwsError(error, {
        operation,
        function: target.function,
        region: target.region,
        needs: ctx.needs,
        functionArn: target.functionArn(),
        s3Bucket: target.s3Bucket,
        s3Target: target.s3Target,
      })
    }
  }
}

/**
 * Sends a write; when its answer is lost in transit (the write may have landed), asks `confirm`
 * whether it did, from a fresh read, and returns that instead of failing. Otherwise the transport
 * error goes on to the retry layer.
 */
export async function confirmed<T>(
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
