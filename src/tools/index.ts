/** Installs Rust (toolchain + target), Zig and cargo-lambda, verified and cached. */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as core from '@actions/core'
import type { Config, Toolchain, ToolCacheEntry, ToolCacheState } from '../types.js'
import { saveToActionsCache, toolCacheRoot } from './cache.js'
import { cargoLambdaTool } from './cargo-lambda.js'
import { defaultDeps, type ToolDeps } from './install.js'
import { installRust } from './rust.js'
import { installReleaseTool } from './release-asset.js'
import { sccacheTool } from './sccache.js'
import { installZig } from './zig.js'

/** The folder of the action's own scratch files under RUNNER_TEMP. */
export function actionTemp(): string {
  return path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'rust-lambda-action')
}

/**
 * ZIG_GLOBAL_CACHE_DIR: a user's own setting wins; else where Zig itself keeps it
 * (`$XDG_CACHE_HOME/zig`, else `~/.cache/zig`). The cargo cache keeps this folder (the glibc
 * stubs zig builds take 15-20 s to rebuild cold), and @actions/cache binds an entry to its
 * paths: under RUNNER_TEMP, which differs between self-hosted runners and container jobs, no
 * other runner would ever hit the entry. HOME is already part of the entry's paths through
 * CARGO_HOME, so this adds no new dependency on the runner's folders.
 */
export function zigCacheDirectory(
  env: Readonly<Record<string, string | undefined>> = process.env,
  home: string = os.homedir(),
): string {
  if (env.ZIG_GLOBAL_CACHE_DIR) return path.resolve(env.ZIG_GLOBAL_CACHE_DIR)
  const cacheHome = env.XDG_CACHE_HOME
    ? path.resolve(env.XDG_CACHE_HOME)
    : path.join(home, '.cache')
  return path.join(cacheHome, 'zig')
}

/**
 * CARGO_ZIGBUILD_CACHE_DIR: where cargo-zigbuild (inside cargo-lambda) writes its linker
 * wrappers, `<dir>/cargo-zigbuild/<version>/wrappers/<hash of cargo-lambda's path>/zigcc-*.sh`.
 * Cargo hashes the linker path into every unit's fingerprint, so a restored target/ is reused
 * only if this path is the same on the next runner: a changed path recompiles every dependency.
 * Unset, cargo-zigbuild uses $XDG_CACHE_HOME or ~/.cache; the action pins it under the runner's
 * tool cache, the root cargo-lambda's own path already depends on (a user's setting wins).
 */
export function zigbuildCacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env.CARGO_ZIGBUILD_CACHE_DIR || path.join(toolCacheRoot(), 'cargo-zigbuild')
}

/**
 * What the tools stage returns: the toolchain, or the error that stopped it, and in both cases
 * the tool folders the post step should save (what was downloaded and verified is worth keeping).
 */
export type ToolsResult =
  | { readonly failed: false; readonly toolchain: Toolchain; readonly keep?: ToolCacheState }
  | { readonly failed: true; readonly error: unknown; readonly keep?: ToolCacheState }

export async function installTools(
  config: Config,
  deps: ToolDeps = defaultDeps(),
): Promise<ToolsResult> {
  const workDir = fs.mkdtempSync(path.join(ensureDir(actionTemp()), 'tools-'))
  const place = { workDir, actionsCache: config.cache.enabled }
  const toSave: ToolCacheEntry[] = []

  try {
    const rust = await core.group(`Rust toolchain for ${config.target.triple}`, () =>
      installRust(
        config.workingDirectory,
        config.workspace,
        config.rustToolchain,
        config.target.triple,
      ),
    )

    const zig = await core.group(`Zig ${config.zig.version}`, () =>
      installZig(config.zig, place, deps),
    )
    if (zig.save) toSave.push(zig.save)
    core.addPath(path.dirname(zig.zigPath))
    core.exportVariable('CARGO_ZIGBUILD_ZIG_PATH', zig.zigPath)
    const zigCacheDir = zigCacheDirectory()
    fs.mkdirSync(zigCacheDir, { recursive: true })
    core.exportVariable('ZIG_GLOBAL_CACHE_DIR', zigCacheDir)
    core.exportVariable('CARGO_ZIGBUILD_CACHE_DIR', zigbuildCacheDirectory())

    const cargoLambda = await core.group(`cargo-lambda ${config.cargoLambda.version}`, () =>
      installReleaseTool(cargoLambdaTool, config.cargoLambda, place, deps),
    )
    if (cargoLambda.save) toSave.push(cargoLambda.save)
    core.addPath(cargoLambda.dir)

    const compileCache = config.compileCache
    const sccache =
      compileCache === undefined
        ? undefined
        : await core.group(`sccache ${compileCache.sccache.version}`, () =>
            installReleaseTool(sccacheTool, compileCache.sccache, place, deps),
          )
    if (sccache?.save) toSave.push(sccache.save)

    const toolchain: Toolchain = {
      rustToolchain: rust.toolchain,
      rustcVersion: rust.rustcVersion,
      zigVersion: config.zig.version,
      zigPath: zig.zigPath,
      cargoLambdaVersion: config.cargoLambda.version,
      cargoLambdaPath: cargoLambda.path,
      zigCacheDir,
      ...(sccache !== undefined ? { sccachePath: sccache.path } : {}),
      reports: [
        rust.report,
        zig.report,
        cargoLambda.report,
        ...(sccache !== undefined ? [sccache.report] : []),
      ],
    }
    return { failed: false, toolchain, ...keep(config, toSave) }
  } catch (error) {
    return { failed: true, error, ...keep(config, toSave) }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true })
  }
}

/** The tool folders to save, when caching and saving are on. */
function keep(config: Config, entries: ToolCacheEntry[]): { keep?: ToolCacheState } {
  return config.cache.enabled && config.cache.save && entries.length > 0
    ? { keep: { entries } }
    : {}
}

/** The post step: saves the tool folders that were downloaded (not restored) to the Actions cache. */
export async function saveToolCaches(state: ToolCacheState): Promise<void> {
  await core.group('Save tools to the Actions cache', () => saveToActionsCache(state.entries))
}

function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true })
  return dir
}
