/** Orchestration only: config -> tools -> cargo metadata -> cargo cache -> build -> package -> smoke -> deploy/upload -> report. */
import * as core from '@actions/core'
import { readConfig } from './config/index.js'
import { DeployError, failureMessage, SmokeError } from './errors.js'
import { saveState } from './state.js'
import { installTools } from './tools/index.js'
import { readCargoProject } from './cargo/metadata.js'
import { restoreCargoCache } from './cache/cargo.js'
import { startCompileCache, stopCompileCache } from './cache/compile.js'
import { buildEnv } from './build/args.js'
import { buildFunctions } from './build/index.js'
import { loadArtifacts } from './package/from-artifacts.js'
import { includeEntries } from './package/include.js'
import { packageFunctions } from './package/index.js'
import { smokeFailure, smokeTest } from './smoke/index.js'
import { uploadArtifacts } from './publish/artifact.js'
import type { ImagePush } from './publish/registry/index.js'
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
    await writeResults(report, state)
  }
}

/**
 * Hands the post step its state, then writes the outputs and the job summary: each tried whatever
 * happened to the others. Outputs are what later steps read, so failing to write them fails the
 * step; without state the post step only saves no cache, and the summary is for reading.
 */
export async function writeResults(report: RunReport, state: PostState): Promise<void> {
  try {
    saveState(state)
  } catch (e) {
    core.warning(
      `Could not save the state for the post step (GITHUB_STATE): ${failureMessage(e)}. The post step will save no cache.`,
    )
  }
  try {
    writeOutputs(report)
  } catch (e) {
    core.setFailed(
      `Could not write the step's outputs (GITHUB_OUTPUT): ${failureMessage(e)}. Later steps would read none of them.`,
    )
  }
  await writeSummary(report).catch((e: unknown) =>
    core.warning(`Could not write the job summary (GITHUB_STEP_SUMMARY): ${failureMessage(e)}`),
  )
}

async function pipeline(config: Config, state: PostState, report: RunReport): Promise<void> {
  if (config.plan !== undefined) {
    // mode: plan: one cargo metadata (and git diff); no tool, no cache, no build.
    const { planMatrix } = await import('./build/plan.js')
    report.plan = await planMatrix(config, config.plan)
    return
  }
  if (config.deploy?.promote === true) {
    // The second step of a canary: nothing is built, no code is written.
    const { promoteFunctions } = await import('./publish/promote.js')
    const { deployFailure } = await import('./publish/deploy.js')
    report.deployments = await promoteFunctions(config.deploy)
    const failure = deployFailure(report.deployments)
    if (failure !== undefined) throw new DeployError(failure)
    return
  }

  report.artifacts =
    config.fromArtifacts === undefined
      ? await buildAndPackage(config, state, report)
      : await loadArtifacts(config, config.fromArtifacts)

  // package-type: image: push the blobs now, so the smoke test runs bootstrap as the pushed layer
  // holds it; the manifests (the tags) follow only when the smoke test passed.
  let images: ImagePush | undefined
  if (config.image !== undefined) {
    const { pushImages } = await import('./publish/registry/index.js')
    const pushed = await pushImages(config.image, report.artifacts)
    report.artifacts = pushed.artifacts
    images = pushed
  }

  // A failed smoke test stops the run before any deploy or upload.
  report.smoke = await smokeTest(config, report.artifacts)
  const smokeFailed = smokeFailure(report.smoke)
  if (smokeFailed !== undefined) throw new SmokeError(smokeFailed)

  if (images !== undefined) report.artifacts = await images.tag()

  if (config.deploy !== undefined) {
    // Loaded only when deploying: the AWS SDK is most of the bundle's start-up time.
    const { deployFailure, deployFunctions } = await import('./publish/deploy.js')
    // Extensions first: with attach-layers, each function's deploy puts their new versions in.
    const { deployLayers, layersFailure } = await import('./publish/layers.js')
    const layers = await deployLayers(config.deploy, config.runtime, report.artifacts)
    report.layers = layers.outcomes
    const layerFailure = layersFailure(layers.outcomes)
    if (layerFailure !== undefined) throw new DeployError(layerFailure)
    report.deployments = await deployFunctions(
      config.deploy,
      report.artifacts,
      report.smoke,
      undefined,
      layers.attachments,
    )
    // Every function's result is in the report before a failure stops the run.
    const failure = deployFailure(report.deployments)
    if (failure !== undefined) throw new DeployError(failure)
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
  // `include` is checked before anything is installed or built, so that a path outside the
  // project fails the step at once, not after the build. Packaging lists it again: the build runs
  // the project's own code (build scripts), which could change it meanwhile.
  if (config.include.length > 0) includeEntries(config.include, config.workingDirectory)

  const tools = await installTools(config)
  if (tools.keep) state.tools = tools.keep
  if (tools.failed) throw tools.error
  const toolchain = tools.toolchain
  report.toolchain = toolchain

  // How cargo sees the project (one `cargo metadata`), for the cache and the build.
  const ws = await readCargoProject(
    config.workingDirectory,
    buildEnv(process.env, toolchain),
    config.cargoArgs,
  )

  if (config.cache.enabled) {
    const restored = await restoreCargoCache(config, toolchain, ws)
    report.cache = restored.report
    if (restored.keep) state.cargoCache = restored.keep
  }

  const compile =
    config.compileCache !== undefined && toolchain.sccachePath !== undefined
      ? await startCompileCache(
          config.compileCache,
          toolchain.sccachePath,
          buildEnv(process.env, toolchain),
        )
      : undefined
  report.compileCache = compile?.report
  try {
    report.build = await buildFunctions(config, toolchain, ws, compile?.session?.change)
  } finally {
    // The server stops whatever the build did; its statistics go to the summary either way.
    if (compile?.session) report.compileCache = await stopCompileCache(compile.session)
  }
  // From here on a failure (packaging, smoke test, deploy, upload) still leaves a cache worth saving.
  state.buildSucceeded = true
  return packageFunctions(config, report.build)
}
