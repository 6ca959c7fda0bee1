/**
 * The seams of a deploy and a promote: deployFunctions, deployLayers and promoteFunctions take
 * them as `deps`, and every step of one function's deploy reaches them through its StepContext.
 */
import * as core from '@actions/core'
import { LambdaClient } from '@aws-sdk/client-lambda'
import type { S3Client } from '@aws-sdk/client-s3'
import type { PlanEnvironment } from './plan.js'
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js'
import { HTTP_TIMEOUTS, makeS3Client, type S3Environment } from './s3.js'

/** Seconds, as the SDK waiters take them. */
export interface WaiterTiming {
  readonly minDelay: number
  readonly maxDelay: number
  readonly maxWaitTime: number
}

export const DEFAULT_WAITER: WaiterTiming = { minDelay: 1, maxDelay: 5, maxWaitTime: 600 }

/** The seams of a deploy: clients, clock, sleep and log. Tests replace the timings and sleep. */
export interface DeployDeps {
  readonly lambdaClient: (region: string) => LambdaClient
  readonly s3Client: (region: string) => S3Client
  readonly sleep: (ms: number) => Promise<void>
  readonly now: () => number
  readonly random: () => number
  readonly retry: RetryPolicy
  readonly waiter: WaiterTiming
  readonly env: PlanEnvironment & S3Environment & Record<string, string | undefined>
  readonly info: (line: string) => void
  readonly notice: (line: string) => void
}

export function defaultDeps(overrides: Partial<DeployDeps> = {}): DeployDeps {
  const env = overrides.env ?? process.env
  return {
    // Retries are done by retry.ts (with the injected sleep), so the SDK's own are off.
    lambdaClient: (region) =>
      new LambdaClient({
        region,
        maxAttempts: 1,
        requestHandler: HTTP_TIMEOUTS,
        customUserAgent: 'rust-lambda-action',
      }),
    s3Client: (region) => makeS3Client(region, env),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
    random: () => Math.random(),
    retry: DEFAULT_RETRY,
    waiter: DEFAULT_WAITER,
    env,
    info: (line) => core.info(line),
    notice: (line) => core.notice(line),
    ...overrides,
  }
}
