/**
 * Restores (main) and saves (post) the cargo registry, the target directory and Zig's cache
 * through @actions/cache. Every cache-service problem is a warning: the build goes on, and the
 * post step never fails the job.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as cache from '@actions/cache'
import * as core from '@actions/core'
import { failureMessage } from '../errors.js'
import type {
  CacheRestoreReport,
  CacheSaveReport,
  CargoCacheState,
  Config,
  Toolchain,
} from '../types.js'
import { formatBytes } from '../util/format.js'
import { cacheKeys } from './keys.js'
import { cachePaths, defaultCargoHome, keyFiles, projectLayout } from './paths.js'
import { missReason, saveNote } from './paths-note.js'
import {
  accessTimesWork,
  parseLockfile,
  planRegistryPrune,
  planTargetPrune,
  planZigPrune,
  scanTree,
  sizeOf,
  type PrunePlan,
} from './prune.js'
import { recoverSetAside, setAside, type SetAside } from './set-aside.js'
import { InputError } from '../errors.js'
import { inert } from '../log.js'

/** Seams for tests: the @actions/cache calls and the clock. */
export interface CacheClient {
  isFeatureAvailable(): boolean
  restoreCache(paths: string[], key: string, restoreKeys: string[]): Promise<string | undefined>
  saveCache(paths: string[], key: string): Promise<number>
}
const actionsCache: CacheClient = {
  isFeatureAvailable: () => cache.isFeatureAvailable(),
  restoreCache: (paths, key, restoreKeys) => cache.restoreCache(paths, key, restoreKeys),
  saveCache: (paths, key) => cache.saveCache(paths, key),
}

/** What the restore returns: its report, and what the post step needs to save the cache. */
export interface CacheRestoreResult {
  readonly report: CacheRestoreReport
  /** Undefined when the cache could not be used: then nothing is saved either. */
  readonly keep?: CargoCacheState
}

export async function restoreCargoCache(
  config: Config,
  toolchain: Toolchain,
  client: CacheClient = actionsCache,
  now: () => number = Date.now,
): Promise<CacheRestoreResult> {
  const started = now()
  let keep: CargoCacheState | undefined
  const report = await core.group(
    'Restoring the cargo cache',
    async (): Promise<CacheRestoreReport> => {
      let key = ''
      try {
        const layout = await projectLayout(
          config.workingDirectory,
          toolchain.rustToolchain,
          config.cargoArgs,
        )
        const home = defaultCargoHome()
        const files = keyFiles(layout, config.workingDirectory, config.workspace, home)
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
          targetDir: layout.targetDir,
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
          layout.targetDir,
          path.join(home, 'registry', 'cache'),
          ...(toolchain.zigCacheDir ? [toolchain.zigCacheDir] : []),
        ])

        const baseState = {
          key: keys.key,
          paths,
          save: config.cache.save,
          onFailure: config.cache.onFailure,
          targetDir: layout.targetDir,
          cargoHome: home,
          workspaceRoot: layout.workspaceRoot,
          members: layout.members.map((m) => m.name),
          zigCacheDir: toolchain.zigCacheDir || undefined,
        }
        if (!client.isFeatureAvailable()) {
          core.info('The Actions cache service is not available on this runner: not caching.')
          return {
            key: keys.key,
            outcome: 'error',
            detail: 'cache service not available',
            ms: now() - started,
          }
        }

        let restoredKey: string | undefined
        let reached = true
        try {
          restoredKey = await client.restoreCache([...paths], keys.key, [...keys.restoreKeys])
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
          outcome !== 'hit' && reached ? await missReason(client, keys.key, paths) : undefined
        const restoredBytes =
          restoredKey === undefined ? undefined : paths.reduce((n, p) => n + sizeOf(scanTree(p)), 0)
        fs.mkdirSync(layout.targetDir, { recursive: true })
        keep = {
          ...baseState,
          hit: outcome === 'hit',
          accessTimes: accessTimesWork(layout.targetDir),
          buildStartMs: now(),
        }
        core.info(
          outcome === 'hit'
            ? `Exact hit: ${keys.key}`
            : outcome === 'partial'
              ? `Partial hit through a restore key: ${restoredKey}`
              : `No cache entry matched: a cold build. An entry is found by its key and by its paths (the list above, as @actions/cache folds them into the entry's version): an entry saved by a run with other folders (workspace, HOME or CARGO_HOME, target folder, ZIG_GLOBAL_CACHE_DIR) is not visible here.`,
        )
        if (whyNot !== undefined) core.info(inert(whyNot))
        return { key: keys.key, outcome, restoredKey, restoredBytes, ms: now() - started }
      } catch (error) {
        // A too-long cache-key is the user's to fix; anything else only costs the cache.
        if (error instanceof InputError) throw error
        const detail = failureMessage(error)
        core.warning(`The cargo cache is not used: ${detail}`)
        return { key, outcome: 'error', detail, ms: now() - started }
      }
    },
  )
  return keep === undefined ? { report } : { report, keep }
}

/** The post step's part: prune what the archive leaves out, then save. Never throws. */
export async function saveCargoCache(
  state: CargoCacheState,
  buildSucceeded: boolean,
  client: CacheClient = actionsCache,
  now: () => number = Date.now,
): Promise<CacheSaveReport> {
  const started = now()
  const report = (
    outcome: CacheSaveReport['outcome'],
    detail?: string,
    plan?: { bytesBefore: number; bytesAfter: number },
  ): CacheSaveReport => ({
    key: state.key,
    outcome,
    ms: now() - started,
    ...(detail !== undefined ? { detail } : {}),
    ...(plan ? { bytesBefore: plan.bytesBefore, bytesAfter: plan.bytesAfter } : {}),
  })
  const skip = decideSave(state, buildSucceeded, process.env.ACTIONS_CACHE_MODE)
  if (skip !== undefined) {
    core.info(skip.message)
    return report('skipped', skip.detail)
  }
  return core.group('Saving the cargo cache', async () => {
    const aside: SetAside[] = []
    let sizes: { bytesBefore: number; bytesAfter: number } | undefined
    try {
      recoverAside([
        state.targetDir,
        path.join(state.cargoHome, 'registry', 'cache'),
        ...(state.zigCacheDir ? [state.zigCacheDir] : []),
      ])
      const plans = pruneTargets(state)
      sizes = plans.reduce(
        (s, p) => ({
          bytesBefore: s.bytesBefore + p.plan.bytesBefore,
          bytesAfter: s.bytesAfter + p.plan.bytesAfter,
        }),
        { bytesBefore: 0, bytesAfter: 0 },
      )
      for (const { root, plan } of plans) {
        try {
          aside.push(setAside(root, plan.drop))
        } catch (error) {
          core.info(`Could not leave files of ${root} out, saving them: ${failureMessage(error)}`)
        }
      }
      const t = plans.find((p) => p.root === state.targetDir)?.plan.units
      core.info(
        `Pruned for saving: ${formatBytes(sizes.bytesBefore, 1)} -> ${formatBytes(sizes.bytesAfter, 1)}` +
          (t ? ` (dependency units kept ${t.kept}, unused ${t.unused}, local ${t.local})` : ''),
      )
      const id = await client.saveCache([...state.paths], state.key)
      if (id === -1) {
        const detail = 'the cache service did not store it (see the lines above)'
        core.warning(
          `The cargo cache was not saved under key ${state.key}: ${detail}. The next run builds without it; the build itself is not affected.`,
        )
        return report('failed', detail, sizes)
      }
      core.info(`Saved the cargo cache: ${state.key}`)
      await saveNote(client, { key: state.key, paths: state.paths })
      return report('saved', undefined, sizes)
    } catch (error) {
      const detail = failureMessage(error)
      core.warning(`Saving the cargo cache failed (the build is not affected): ${detail}`)
      return report('failed', detail, sizes)
    } finally {
      for (const a of aside) a.restore()
    }
  })
}

/**
 * Pure: why the post step does not save (undefined: it saves). A build that succeeded is saved
 * whatever failed after it (smoke test, deploy, upload); a failed build only with cache-on-failure.
 */
export function decideSave(
  state: Pick<CargoCacheState, 'save' | 'hit' | 'key' | 'onFailure'>,
  buildSucceeded: boolean,
  cacheMode: string | undefined,
): { readonly detail: string; readonly message: string } | undefined {
  if (!state.save) {
    return {
      detail: 'save-cache is false',
      message: 'save-cache is false: the cargo cache is not saved.',
    }
  }
  if (state.hit) {
    return {
      detail: 'exact key was restored',
      message: `The cargo cache was restored from its exact key: nothing to save (${inert(state.key)}).`,
    }
  }
  if (!buildSucceeded && state.onFailure !== true) {
    return {
      detail: 'the build failed',
      message:
        'The build failed: the cargo cache is not saved (set cache-on-failure: true to save what compiled before the error).',
    }
  }
  if (['read', 'none'].includes((cacheMode ?? '').trim().toLowerCase())) {
    return {
      detail: 'cache is read-only in this run',
      message: 'The cache mode of this run does not allow writes: the cargo cache is not saved.',
    }
  }
  return undefined
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
function recoverAside(roots: readonly string[]): void {
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

/** Plans for the target directory and registry/cache (the roots whose entries are set aside). */
function pruneTargets(state: CargoCacheState): { root: string; plan: PrunePlan }[] {
  let lock = { local: new Set<string>(), remote: new Set<string>() }
  let haveLock = false
  try {
    lock = parseLockfile(fs.readFileSync(path.join(state.workspaceRoot, 'Cargo.lock'), 'utf8'))
    haveLock = true
  } catch {
    // no lockfile: only the members are known to be local
  }
  const out = [
    {
      root: state.targetDir,
      plan: planTargetPrune(scanTree(state.targetDir), {
        localPackages: new Set([...state.members, ...lock.local]),
        usedSince: state.accessTimes ? state.buildStartMs : undefined,
      }),
    },
  ]
  const registryCache = path.join(state.cargoHome, 'registry', 'cache')
  if (haveLock && fs.existsSync(registryCache)) {
    out.push({ root: registryCache, plan: planRegistryPrune(scanTree(registryCache), lock.remote) })
  }
  if (state.zigCacheDir && fs.existsSync(state.zigCacheDir)) {
    out.push({ root: state.zigCacheDir, plan: planZigPrune(scanTree(state.zigCacheDir)) })
  }
  return out
}
