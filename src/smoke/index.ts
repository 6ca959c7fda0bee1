/** Invokes each function locally before it is deployed: what fails here would fail on Lambda. */
import * as os from 'node:os'
import * as core from '@actions/core'
import pLimit from 'p-limit'
import { RuntimeGlibc } from '../constants.js'
import { functionNameOf } from '../lambda/names.js'
import type { Artifact, Config, Runtime, SmokeOutcome, SmokeResults } from '../types.js'
import { compareVersions } from '../util/versions.js'
import { tail } from './classify.js'
import { invoke, type InvokeRequest, type InvokeResult } from './invoke.js'
import { chooseWay, probeRunner, type RunnerFacts, type Way, type WayDecision } from './runner.js'
import { inert, inertLines } from '../log.js'

/**
 * Pure: why the smoke test stops the run, naming each failed function, or undefined when none
 * failed. run.ts decides with it, after every function was tried and the results are reported.
 */
export function smokeFailure(results: SmokeResults): string | undefined {
  const failed = Object.entries(results).filter(([, r]) => r.status === 'failed')
  if (failed.length === 0) return undefined
  return (
    `Smoke test failed for ${failed.length === 1 ? '1 function' : `${failed.length} functions`}, so nothing was deployed or uploaded:\n` +
    failed.map(([bin, r]) => `- ${bin}: ${r.reason ?? 'failed'}`).join('\n')
  )
}

/** Seams for tests: the runner probe, the invocation, the scratch folder and the environment. */
export interface SmokeDeps {
  readonly probe: () => Promise<RunnerFacts>
  readonly invoke: (request: InvokeRequest) => Promise<InvokeResult>
  /** Undefined: RUNNER_TEMP, else the system's temporary folder. */
  readonly tempDir: string | undefined
  readonly env: NodeJS.ProcessEnv
}

export function defaultDeps(overrides: Partial<SmokeDeps> = {}): SmokeDeps {
  return { probe: probeRunner, invoke, tempDir: undefined, env: process.env, ...overrides }
}

/** The response as kept in the outputs (the summary shortens it further). */
const RESPONSE_LIMIT = 1000

export type SmokePlan =
  | { readonly kind: 'run'; readonly way: Way; readonly via: string }
  | { readonly kind: 'done'; readonly outcome: SmokeOutcome }

/**
 * Pure: what to do with one artifact, given the mode, how the runner could run it, and the
 * Lambda runtime it is for. A binary needing a newer glibc than the runtime has fails here even
 * when the runner's own glibc is new enough to run it: on Lambda it would not start.
 */
export function planSmoke(
  mode: Config['smoke']['mode'],
  artifact: Pick<Artifact, 'kind' | 'glibcRequired'>,
  decision: WayDecision,
  runtime: Runtime,
): SmokePlan {
  if (mode === 'false') return skipped('smoke-test is false')
  if (artifact.kind === 'extension') {
    return skipped('extension: extensions are not invoked through the Runtime API')
  }
  const needed = artifact.glibcRequired
  const has = RuntimeGlibc[runtime]
  if (needed !== undefined && compareVersions(needed, has) > 0) {
    const reason = `could not start: GLIBC_${needed} not found: the binary needs glibc ${needed}, ${runtime} has ${has} (build for <triple>.${has}, the default target for this runtime)`
    return { kind: 'done', outcome: { status: 'failed', reason, ms: 0 } }
  }
  if (decision.way === undefined) return cannotRun(mode, decision.reason)
  return { kind: 'run', way: decision.way, via: decision.description }
}

/** Pure: the outcome when the runner cannot run the binary: skipped (auto) or failed (true). */
export function cannotRun(mode: Config['smoke']['mode'], reason: string): SmokePlan {
  return mode === 'true'
    ? {
        kind: 'done',
        outcome: { status: 'failed', reason: `smoke-test is true, but ${reason}`, ms: 0 },
      }
    : skipped(reason)
}

function skipped(reason: string): SmokePlan {
  return { kind: 'done', outcome: { status: 'skipped', reason, ms: 0 } }
}

/** Pure: the function name a binary is deployed as (for AWS_LAMBDA_FUNCTION_NAME). */
export function functionNameFor(config: Pick<Config, 'deploy'>, bin: string): string {
  const d = config.deploy
  const target =
    d?.functionName ?? d?.functions.find((f) => f.binary === bin)?.function ?? undefined
  return target === undefined ? bin : functionNameOf(target)
}

export async function smokeTest(
  config: Config,
  artifacts: readonly Artifact[],
  deps: SmokeDeps = defaultDeps(),
): Promise<SmokeResults> {
  const env = deps.env
  const results: SmokeResults = {}
  if (artifacts.length === 0) return results
  return core.group('Smoke test', async () => {
    if (config.smoke.mode === 'false') {
      core.info('Skipped: smoke-test is false.')
    }
    const facts = config.smoke.mode === 'false' ? undefined : await deps.probe()
    const region = config.deploy?.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1'
    const limit = pLimit(Math.max(1, Math.min(4, os.availableParallelism())))
    const run = deps.invoke

    await Promise.all(
      artifacts.map((artifact) =>
        limit(async () => {
          const decision: WayDecision = facts
            ? chooseWay(artifact.architecture, facts)
            : { way: undefined, reason: 'smoke-test is false' }
          const plan = planSmoke(config.smoke.mode, artifact, decision, config.runtime)
          let outcome: SmokeOutcome
          if (plan.kind === 'done') {
            outcome = plan.outcome
          } else {
            const result = await run({
              zipPath: artifact.zipPath,
              bootstrapPath: artifact.image?.bootstrapPath,
              architecture: artifact.architecture,
              way: plan.way,
              functionName: functionNameFor(config, artifact.bin),
              region,
              event: config.smoke.event,
              timeoutMs: config.smoke.timeoutSeconds * 1000,
              tempDir: deps.tempDir ?? env.RUNNER_TEMP ?? os.tmpdir(),
            })
            outcome = toOutcome(config.smoke.mode, result, plan.via)
            logRun(artifact.bin, outcome, result)
          }
          if (plan.kind === 'done')
            core.info(`${artifact.bin}: ${outcome.status}: ${inertLines(outcome.reason ?? '')}`)
          results[artifact.bin] = outcome
        }),
      ),
    )
    // Keep the artifacts' order (runs finish in any order).
    const ordered: SmokeResults = {}
    for (const a of artifacts) if (results[a.bin]) ordered[a.bin] = results[a.bin] as SmokeOutcome
    return ordered
  })
}

/** Pure: an invocation result as the outcome reported in outputs and the summary. */
export function toOutcome(
  mode: Config['smoke']['mode'],
  result: InvokeResult,
  via: string,
): SmokeOutcome {
  if (result.status === 'unrunnable') {
    const plan = cannotRun(mode, result.reason) as Extract<SmokePlan, { kind: 'done' }>
    return plan.outcome
  }
  const timing = {
    ms: Math.round(result.ms),
    ...(result.startupMs !== undefined ? { startupMs: Math.round(result.startupMs) } : {}),
    via,
  }
  if (result.status === 'passed') {
    const response =
      result.response.length > RESPONSE_LIMIT
        ? `${result.response.slice(0, RESPONSE_LIMIT)}…`
        : result.response
    return { status: 'passed', response, ...timing }
  }
  return { status: 'failed', reason: result.reason, ...timing }
}

function logRun(bin: string, outcome: SmokeOutcome, result: InvokeResult): void {
  const startup = outcome.startupMs !== undefined ? `, start-up ${outcome.startupMs} ms` : ''
  const head = `${bin}: ${outcome.status} in ${outcome.ms} ms (${outcome.via ?? ''}${startup})`
  core.info(
    outcome.status === 'passed'
      ? `${head}: ${inert(outcome.response ?? '')}`
      : `${head}: ${inertLines(outcome.reason ?? '')}`,
  )
  const output = tail(result.output, 40, 8000)
  // The function's output is the repository's: no line of it may run as a workflow command.
  if (output !== '') core.info(`${bin} output:\n${inertLines(output).replace(/^/gm, '  ')}`)
}
