/** Runs `cargo lambda build` for the Lambda runtime. */
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as core from '@actions/core'
import type { Config } from '../types.js'
import { BuildError } from '../errors.js'
import type { BuiltBinary, Toolchain } from '../types.js'
import { buildEnv, cargoLambdaArgs, groupBuilds, outputPath } from './args.js'
import { applyEnvChange, type EnvChange } from '../cache/compile-plan.js'
import type { WorkspaceInfo } from '../cargo/metadata.js'
import { splitTargetDir } from '../cargo/target-dir.js'
import { runCargoLambda } from './cargo-lambda.js'
import { selectBinaries } from './metadata.js'
import { loadProjectProfile, planProfile, type ProfilePlan } from './profile.js'

export interface BuildResult {
  readonly binaries: readonly BuiltBinary[]
  readonly ms: number
  /** The profile keys in effect and where each came from. */
  readonly profile?: ProfilePlan | undefined
  /** The cargo workspace root (absolute). */
  readonly workspaceRoot?: string | undefined
}

/**
 * `ws`: how cargo sees the project (src/cargo). `compileCache`: the compile cache's variables
 * (RUSTC_WRAPPER, the backend's), when it runs.
 */
export async function buildFunctions(
  config: Config,
  toolchain: Toolchain,
  ws: WorkspaceInfo,
  compileCache?: EnvChange,
): Promise<BuildResult> {
  const started = Date.now()
  const env = applyEnvChange(buildEnv(process.env, toolchain), compileCache)
  const cwd = config.workingDirectory
  // `--target-dir` in cargo-args beats every other setting (`ws.targetDirectory` holds it). It
  // reaches cargo as CARGO_TARGET_DIR: cargo-lambda 1.9.2 would pass the flag to `cargo metadata`.
  const fromArgs = splitTargetDir(config.cargoArgs, cwd)
  if (fromArgs.targetDir !== undefined) env.CARGO_TARGET_DIR = fromArgs.targetDir
  const argsConfig = { ...config, cargoArgs: fromArgs.rest }

  const { plans, profile } = await core.group('Plan the build', () => {
    const plans = selectBinaries(ws, config)
    for (const p of plans) core.info(`${p.kind} ${p.bin} (package ${p.package})`)
    const project = loadProjectProfile(ws.workspaceRoot, cwd, process.env, config.target.triple)
    const profile = planProfile(config.profile, project, config.target.architecture)
    core.info(`profile: ${config.profile}`)
    for (const s of profile.settings) {
      const from = s.source === 'project' ? `project (${s.where ?? '?'})` : s.source
      core.info(`  profile.release.${s.key} = ${s.value}  <- ${from}`)
    }
    if (profile.targetCpu) {
      core.info(`  target-cpu=${profile.targetCpu.value}  <- ${profile.targetCpu.source}`)
    }
    for (const note of profile.notes) core.notice(note)
    return Promise.resolve({ plans, profile })
  })

  const targetDirectory = ws.targetDirectory
  // A binary left by an earlier run (or a restored cache) must never be packaged as this one.
  for (const p of plans) fs.rmSync(outputPath(targetDirectory, p), { force: true })
  const prefix = relativePrefix(config.workspace, ws.workspaceRoot)
  for (const group of groupBuilds(plans)) {
    const what = `${group.kind === 'extension' ? 'extension' : 'function'}${group.bins.length > 1 ? 's' : ''} ${group.bins.join(', ')}`
    await core.group(`cargo lambda build: ${what} for ${config.target.cargoTarget}`, () =>
      runCargoLambda(cargoLambdaArgs(argsConfig, group, profile.args), {
        cargoLambda: toolchain.cargoLambdaPath,
        cwd,
        env,
        pathPrefix: prefix,
        what,
      }),
    )
  }

  const binaries: BuiltBinary[] = plans.map((p) => {
    const binaryPath = outputPath(targetDirectory, p)
    if (!fs.existsSync(binaryPath)) {
      throw new BuildError(
        `cargo lambda build succeeded but left no ${p.kind} '${p.bin}' at ${binaryPath}: check 'cargo-args' for flags that change the output folder (--lambda-dir, --target-dir).`,
      )
    }
    return { bin: p.bin, kind: p.kind, binaryPath, target: config.target }
  })
  return { binaries, ms: Date.now() - started, profile, workspaceRoot: ws.workspaceRoot }
}

function relativePrefix(workspace: string, root: string): string {
  const rel = path.relative(workspace, root)
  return rel.startsWith('..') || path.isAbsolute(rel) ? '' : rel.split(path.sep).join('/')
}
