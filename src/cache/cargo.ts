/**
 * Restores (main) the cargo registry, the target directory and Zig's cache through
 * @actions/cache (save.ts saves them in post). Every cache-service problem is a warning: the
 * build goes on, and the post step never fails the job.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as cache from '@actions/cache'
import * as core from '@actions/core'
import { failureMessage } from '../errors.js'
import type { CacheRestoreReport, CargoCacheState, Config, Toolchain } from '../types.js'
import { cacheKeys } from './keys.js'
import type { WorkspaceInfo } from '../cargo/metadata.js'
import { defaultCargoHome, keyFiles } from '../cargo/files.js'
import { cachePaths } from './paths.js'
import { missReason } from './paths-note.js'
import { accessTimesWork, scanTree, sizeOf } from './prune.js'
import { recoverSetAside } from './set-aside.js'
import { InputError } from '../errors.js'
import { inert } from '../log.js'

/** Seams for tests: the @actions/cache calls and the clock. */
export interface CacheDeps {
  isFeatureAvailable(): boolean
  restoreCache(paths: string[], key: string, restoreKeys: string[]): Promise<string | undefined>
  saveCache(paths: string[], key: string): Promise<number>
  now(): number
}

export function defaultDeps(overrides: Partial<CacheDeps> = {}): CacheDeps {
  return {
    isFeatureAvailable: () => cache.isFeatureAvailable(),
    restoreCache: (paths, key, restoreKeys) => cache.restoreCache(paths, key, restoreKeys),
    saveCache: (paths, key) => cache.saveCache(paths, key),
    now: Date.now,
    ...overrides,
  }
}

/** What the restore returns: its report, and what the post step needs to save the cache. */
export interface CacheRestoreResult {
  readonly report: CacheRestoreReport
  /** Undefined when the cache could not be used: then nothing is saved either. */
  readonly keep?: CargoCacheState
}

/** `ws`: how cargo sees the project (src/cargo): its target folder, root and members. */
export async function restoreCargoCache(
  config: Config,
  toolchain: Toolchain,
  ws: WorkspaceInfo,
  deps: CacheDeps = defaultDeps(),
): Promise<CacheRestoreResult> {
  const started = deps.now()
  let keep: CargoCacheState | undefined
  const report = await core.group(
    'Restoring the cargo cache',
    async (): Promise<CacheRestoreReport> => {
      let key = ''
      try {
        const home = defaultCargoHome()
        const files = keyFiles(ws, config.workingDirectory, config.workspace, home)
        const keys = cacheKeys({
          os: process.env.RUNNER_OS || os.type(),
          arch: process.env.RUNNER_ARCH || os.arch(),
          target: config.target.cargoTarget,
          profile: config.profile,
          userKey: config.cache.key,
          selection: {
            package: config.package,
            binaries: config.binaries,
            features: config.features,
            extension: config.extension,
            cargoArgs: config.cargoArgs,
          },
          sharedKey: config.cache.sharedKey,
          rustcVersion: toolchain.rustcVersion,
          zigVersion: toolchain.zigVersion,
          cargoLambdaVersion: toolchain.cargoLambdaVersion,
          toolchainFiles: files.toolchainFiles,
          env: process.env,
          dependencyFiles: files.dependencyFiles,
        })
        key = keys.key
        const paths = cachePaths({
          cargoHome: home,
          targetDir: ws.targetDirectory,
          zigCacheDir: toolchain.zigCacheDir || undefined,
        })
        core.info(`Cargo cache key: ${inert(keys.key)}`)
        core.info(`Restore keys: ${inert(keys.restoreKeys.join(', '))}`)
        core.info(`Paths: ${inert(paths.join(', '))}`)
        core.info(
          `Hashed files: ${inert([...files.toolchainFiles, ...files.dependencyFiles].map((f) => f.path).join(', '))}`,
        )
        if (keys.envNames.length > 0) core.info(`Hashed variables: ${keys.envNames.join(', ')}`)
        const tempBound = underRunnerTemp(paths, process.env.RUNNER_TEMP)
        if (tempBound.length > 0) {
          core.info(
            `${inert(tempBound.join(', '))} ${tempBound.length === 1 ? 'is' : 'are'} under RUNNER_TEMP: an entry saved here restores only on runners whose RUNNER_TEMP is the same folder (@actions/cache binds an entry to its paths). Keep the target folder under the workspace to share entries across runners.`,
          )
        }
        recoverAside([
          ws.targetDirectory,
          path.join(home, 'registry', 'cache'),
          ...(toolchain.zigCacheDir ? [toolchain.zigCacheDir] : []),
        ])

        const baseState = {
          key: keys.key,
          paths,
          save: config.cache.save,
          onFailure: config.cache.onFailure,
          targetDir: ws.targetDirectory,
          cargoHome: home,
          workspaceRoot: ws.workspaceRoot,
          members: ws.packages.map((m) => m.name),
          zigCacheDir: toolchain.zigCacheDir || undefined,
        }
        if (!deps.isFeatureAvailable()) {
          core.info('The Actions cache service is not available on this runner: not caching.')
          return {
            key: keys.key,
            outcome: 'error',
            detail: 'cache service not available',
            ms: deps.now() - started,
          }
        }

        let restoredKey: string | undefined
        let reached = true
        try {
          restoredKey = await deps.restoreCache([...paths], keys.key, [...keys.restoreKeys])
        } catch (error) {
          reached = false
          core.warning(
            `Restoring the cargo cache failed, building without it: ${failureMessage(error)}`,
          )
        }
        const outcome =
          restoredKey === undefined ? 'miss' : restoredKey === keys.key ? 'hit' : 'partial'
        // An entry with this key may exist for other folders: say so rather than "a cold build".
        const whyNot =
          outcome !== 'hit' && reached ? await missReason(deps, keys.key, paths) : undefined
        const restoredBytes =
          restoredKey === undefined ? undefined : paths.reduce((n, p) => n + sizeOf(scanTree(p)), 0)
        fs.mkdirSync(ws.targetDirectory, { recursive: true })
        keep = {
          ...baseState,
          hit: outcome === 'hit',
          accessTimes: accessTimesWork(ws.targetDirectory),
          buildStartMs: deps.now(),
        }
        core.info(
          outcome === 'hit'
            ? `Exact hit: ${keys.key}`
            : outcome === 'partial'
              ? `Partial hit through a restore key: ${restoredKey}`
              : `No cache entry matched: a cold build. An entry is found by its key and by its paths (the list above, as @actions/cache folds them into the entry's version): an entry saved by a run with other folders (workspace, HOME or CARGO_HOME, target folder, ZIG_GLOBAL_CACHE_DIR) is not visible here.`,
        )
        if (whyNot !== undefined) core.info(inert(whyNot))
        return { key: keys.key, outcome, restoredKey, restoredBytes, ms: deps.now() - started }
      } catch (error) {
        // A too-long cache-key is the user's to fix; anything else only costs the cache.
        if (error instanceof InputError) throw error
        const detail = failureMessage(error)
        core.warning(`The cargo cache is not used: ${detail}`)
        return { key, outcome: 'error', detail, ms: deps.now() - started }
      }
    },
  )
  return keep === undefined ? { report } : { report, keep }
}

/** Pure: the cached paths inside RUNNER_TEMP (their entries cannot move to another runner folder). */
export function underRunnerTemp(
  paths: readonly string[],
  runnerTemp: string | undefined,
): string[] {
  if (!runnerTemp) return []
  const temp = path.resolve(runnerTemp)
  return paths.filter((p) => p === temp || path.resolve(p).startsWith(temp + path.sep))
}

/** Puts back what an interrupted save left aside (see recoverSetAside), and says so. */
export function recoverAside(roots: readonly string[]): void {
  for (const root of roots) {
    try {
      for (const r of recoverSetAside(root)) {
        core.info(
          `${inert(r.folder)} was left aside by an interrupted cache save: ${r.restored} entries moved back into ${inert(root)}, ${r.removed} stale entries removed.`,
        )
      }
    } catch (error) {
      core.warning(
        `Could not recover what an interrupted cache save left next to ${inert(root)}: ${failureMessage(error)}`,
      )
    }
  }
}
