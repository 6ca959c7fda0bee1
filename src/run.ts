/** Orchestration only: config -> tools -> cargo cache -> build -> package -> smoke -> deploy/upload -> report. */
import * as core from '@actions/core'
import { readConfig } from './config/index.js'
import { DeployError, failureMessage } from './errors.js'
import { saveState } from './state.js'
import { installTools } from './tools/index.js'
import { restoreCargoCache } from './cache/cargo.js'
import { buildFunctions } from './build/index.js'
import { loadArtifacts } from './package/from-artifacts.js'
import { packageFunctions } from './package/index.js'
import { SmokeFailedError, smokeTest } from './smoke/index.js'
import { uploadArtifacts } from './publish/artifact.js'
import { writeOutputs } from './report/outputs.js'
import { writeSummary, type RunReport } from './report/summary.js'
import type { Artifact, Config, PostState } from './types.js'

export async function run(): Promise<void> {
  const report: RunReport = { startedAt: Date.now() }
  const state: PostState = {}
  try {
    const config = readConfig()
    report.config = config
    await pipeline(config, state, report)
  } catch (error) {
    report.failure = failureMessage(error)
    core.setFailed(report.failure)
    if (error instanceof Error && error.stack) core.debug(error.stack)
  } finally {
    saveState(state)
    writeOutputs(report)
    await writeSummary(report).catch((e: unknown) =>
      core.warning(`Could not write the job summary: ${failureMessage(e)}`),
    )
  }
}

async function pipeline(config: Config, state: PostState, report: RunReport): Promise<void> {
  report.artifacts =
    config.fromArtifacts === undefined
      ? await buildAndPackage(config, state, report)
      : await loadArtifacts(config, config.fromArtifacts)

  // A failed smoke test throws before any deploy or upload, with every result for the report.
  report.smoke = await smokeTest(config, report.artifacts).catch((e: unknown) => {
    if (e instanceof SmokeFailedError) report.smoke = e.results
    throw e
  })

  if (config.deploy !== undefined) {
    // Loaded only when deploying: the AWS SDK is most of the bundle's start-up time.
    const { deployFunctions } = await import('./publish/deploy.js')
    try {
      report.deployments = await deployFunctions(config.deploy, report.artifacts, report.smoke)
    } catch (error) {
      // Some functions failed: the others' results still belong in the outputs and summary.
      if (error instanceof DeployError && error.outcomes) report.deployments = [...error.outcomes]
      throw error
    }
  } else {
    core.info('No function-name or functions given: nothing to deploy.')
  }

  if (config.artifact.upload) {
    report.uploads = await uploadArtifacts(config, report.artifacts)
  }
}

/** The build shape: tools, cargo cache, build, package. */
async function buildAndPackage(
  config: Config,
  state: PostState,
  report: RunReport,
): Promise<Artifact[]> {
  const toolchain = await installTools(config, state)
  report.toolchain = toolchain

  if (config.cache.enabled) {
    report.cache = await restoreCargoCache(config, toolchain, state)
  }

  report.build = await buildFunctions(config, toolchain)
  // From here on a failure (packaging, smoke test, deploy, upload) still leaves a cache worth saving.
  state.buildSucceeded = true
  return packageFunctions(config, report.build)
}
