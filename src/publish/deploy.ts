/**
 * Updates Lambda function code through the SDK: plans, then deploys every function with a bounded
 * concurrency. One failure never hides the others: every function's outcome is returned, and
 * run.ts fails the step with deployFailure(), which names the functions that failed.
 *
 * Loaded lazily by run.ts (only when deploying): this is the only path into the AWS SDK.
 */
import * as core from '@actions/core'
import { LambdaClient } from '@aws-sdk/client-lambda'
import type { S3Client } from '@aws-sdk/client-s3'
import pLimit from 'p-limit'
import { failureMessage } from '../errors.js'
import type { Artifact, DeployConfig, DeployOutcome, SmokeResults } from '../types.js'
import { MIN_MASKED_LENGTH } from '../config/release.js'
import { asksForConfiguration, type LayerAttachments } from './configuration.js'
import type { StepContext } from './call.js'
import { defaultDeps, type DeployDeps } from './deps.js'
import { deployTarget } from './lambda.js'
import { redactor } from './verify.js'
import { planDeploy, type DeployPlan } from './plan.js'

export { defaultDeps, type DeployDeps } from './deps.js'

export async function deployFunctions(
  deploy: DeployConfig,
  artifacts: readonly Artifact[],
  smoke: SmokeResults,
  deps: DeployDeps = defaultDeps(),
  /** With `attach-layers`: the layer versions deployLayers published, by region. */
  layers: LayerAttachments = new Map(),
): Promise<DeployOutcome[]> {
  const plan = planDeploy(deploy, artifacts, deps.env)
  maskCredentials(deps.env)
  return core.group(`Deploy ${describe(plan)}`, () => run(plan, smoke, layers, deps))
}

function describe(plan: DeployPlan): string {
  const n = plan.targets.length
  return `${n} function${n === 1 ? '' : 's'}${plan.dryRun ? ' (dry run)' : ''}`
}

async function run(
  plan: DeployPlan,
  smoke: SmokeResults,
  layers: LayerAttachments,
  deps: DeployDeps,
): Promise<DeployOutcome[]> {
  for (const note of plan.notes) deps.info(note)
  const lambdas = new Map<string, LambdaClient>()
  const s3s = new Map<string, S3Client>()
  const cached = <C>(map: Map<string, C>, region: string, make: (r: string) => C): C => {
    const existing = map.get(region)
    if (existing !== undefined) return existing
    const made = make(region)
    map.set(region, made)
    return made
  }
  const needs = {
    s3: plan.targets.some((t) => t.upload.kind === 's3'),
    publish: plan.publish,
    alias: plan.alias !== undefined,
    create: plan.create !== undefined,
    configure: layers.size > 0 || plan.targets.some((t) => asksForConfiguration(t.configuration)),
    verify: plan.verify !== undefined,
  }
  const redact = redactor(
    plan.targets.flatMap((t) => Object.values(t.configuration.environment?.variables ?? {})),
    MIN_MASKED_LENGTH,
  )

  const limit = pLimit(plan.concurrency)
  const started = deps.now()
  let outcomes: DeployOutcome[]
  try {
    outcomes = await Promise.all(
      plan.targets.map((target) =>
        limit(async (): Promise<DeployOutcome> => {
          const t0 = deps.now()
          const base = {
            bin: target.bin,
            function: target.function.given,
            codeSha256: target.artifact.codeSha256,
            ...(target.upload.kind === 'image' && { imageUri: target.upload.imageUri }),
          }
          const smokeResult = smoke[target.bin]
          if (smokeResult?.status === 'failed') {
            return {
              ...base,
              result: 'failed',
              ms: 0,
              error: `not deployed: the smoke test failed (${smokeResult.reason ?? 'no reason'})`,
            }
          }
          const ctx: StepContext = {
            deps,
            lambda: cached(lambdas, target.region, deps.lambdaClient),
            s3: () => cached(s3s, target.region, deps.s3Client),
            needs,
            publish: plan.publish,
            alias: plan.alias,
            aliasWeight: plan.aliasWeight,
            verify: plan.verify,
            create: plan.create,
            dryRun: plan.dryRun,
            force: plan.force,
            layers: layers.get(target.region),
            redact,
          }
          try {
            const outcome = await deployTarget(target, ctx)
            return {
              ...outcome,
              ...('imageUri' in base && { imageUri: base.imageUri }),
              ms: deps.now() - t0,
            }
          } catch (error) {
            const message = failureMessage(error)
            deps.info(`${target.function.given}: FAILED: ${message}`)
            return { ...base, result: 'failed', ms: deps.now() - t0, error: message }
          }
        }),
      ),
    )
  } finally {
    for (const c of [...lambdas.values(), ...s3s.values()]) c.destroy()
  }

  for (const bin of plan.unmapped) {
    outcomes.push({
      bin,
      function: '',
      result: 'skipped',
      codeSha256: '',
      ms: 0,
      error: `no 'functions' line maps the binary '${bin}'`,
    })
  }
  for (const o of outcomes) {
    deps.info(
      `${o.function || `(${o.bin})`}: ${o.result}${o.version ? ` version ${o.version}` : ''}${o.alias ? ` alias ${o.alias}` : ''} in ${o.ms} ms`,
    )
  }
  deps.info(`Deployed in ${deps.now() - started} ms with concurrency ${plan.concurrency}.`)

  return outcomes
}

/**
 * Pure: why the deploy failed, naming each failed function, or undefined when none did. run.ts
 * stops the run with it after the outcomes are in the report.
 */
export function deployFailure(outcomes: readonly DeployOutcome[]): string | undefined {
  const targets = outcomes.filter((o) => o.function !== '')
  const failed = targets.filter((o) => o.result === 'failed')
  const only = failed[0]
  if (only === undefined) return undefined
  if (targets.length === 1) return only.error ?? 'the deploy failed'
  const deployed = targets.length - failed.length
  return `${failed.length} of ${targets.length} functions failed to deploy (${deployed} deployed; every result is in the job summary):\n${failed.map((o) => `- ${o.function}: ${o.error ?? 'failed'}`).join('\n')}`
}

/** Anything credential-like in the environment is masked in the log, whoever set it. */
function maskCredentials(env: Record<string, string | undefined>): void {
  for (const name of ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN']) {
    const value = env[name]
    if (value) core.setSecret(value)
  }
}
