/**
 * The post step's half of the cargo cache: leave out what the next build would not reuse (see
 * prune.ts), then save. Never throws.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as core from '@actions/core'
import { failureMessage } from '../errors.js'
import { inert } from '../log.js'
import type { CacheSaveReport, CargoCacheState } from '../types.js'
import { formatBytes } from '../util/format.js'
import { defaultDeps, recoverAside, type CacheDeps } from './cargo.js'
import { saveNote } from './paths-note.js'
import {
  parseLockfile,
  planRegistryPrune,
  planTargetPrune,
  planZigPrune,
  scanTree,
  type PrunePlan,
} from './prune.js'
import { setAside, type SetAside } from './set-aside.js'

/** The post step's part: prune what the archive leaves out, then save. Never throws. */
export async function saveCargoCache(
  state: CargoCacheState,
  buildSucceeded: boolean,
  deps: CacheDeps = defaultDeps(),
): Promise<CacheSaveReport> {
  const started = deps.now()
  const report = (
    outcome: CacheSaveReport['outcome'],
    detail?: string,
    plan?: { bytesBefore: number; bytesAfter: number },
  ): CacheSaveReport => ({
    key: state.key,
    outcome,
    ms: deps.now() - started,
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
      const id = await deps.saveCache([...state.paths], state.key)
      if (id === -1) {
        const detail = 'the cache service did not store it (see the lines above)'
        core.warning(
          `The cargo cache was not saved under key ${state.key}: ${detail}. The next run builds without it; the build itself is not affected.`,
        )
        return report('failed', detail, sizes)
      }
      core.info(`Saved the cargo cache: ${state.key}`)
      await saveNote(deps, { key: state.key, paths: state.paths })
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
