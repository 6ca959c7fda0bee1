/**
 * Where an installed tool lives between runs: the runner tool cache (@actions/tool-cache), with
 * the verified archive kept beside the folder, and, for runners that start empty, the Actions
 * cache (@actions/cache), keyed by tool, version, OS, arch, pin and layout. Nothing here is
 * trusted: tools/obtain.ts checks whatever comes back against the pins before use. Trouble with
 * the cache service is a warning, never a failure: the tool is then downloaded.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as cache from '@actions/cache'
import * as core from '@actions/core'
import { failureMessage } from '../errors.js'
import type { ToolCacheEntry } from '../types.js'
import type { Platform } from './releases.js'

export type CachedTool = 'zig' | 'cargo-lambda' | 'sccache'

/**
 * What the Actions cache keeps of a tool: the extracted folder when the action has content pins to
 * check it against, else the verified archive (checked against its pin and extracted again).
 */
export type CacheLayout = 'folder' | 'archive'

/**
 * Pure: the Actions cache key of a tool. The expected checksum, when known before downloading,
 * is part of it, so a changed pin never restores a folder verified against another one.
 */
export function toolCacheKey(
  tool: CachedTool,
  version: string,
  platform: Platform,
  sha256: string | undefined,
  layout: CacheLayout = 'archive',
): string {
  const parts = ['rust-lambda-action', 'tool', tool, version, platform.os, platform.arch]
  if (sha256 !== undefined) parts.push(sha256.slice(0, 16))
  parts.push(layout)
  return parts.join('-')
}

/** Where a tool lives in the runner tool cache, and the verified archive kept beside it. */
export interface ToolPaths {
  /** The tool's folder (what @actions/tool-cache finds). */
  readonly dir: string
  /** The `.complete` file @actions/tool-cache writes beside it. */
  readonly complete: string
  /** Folder holding the verified archive (and its signature, for Zig without a pin). */
  readonly kept: string
}

/** Pure: the tool-cache paths of a tool. */
export function toolPaths(
  root: string,
  tool: CachedTool,
  version: string,
  arch: string,
): ToolPaths {
  const dir = path.join(root, tool, version, arch)
  return { dir, complete: `${dir}.complete`, kept: `${dir}.archive` }
}

/** Pure: the paths an Actions cache entry of this layout holds. */
export function cachedPaths(paths: ToolPaths, layout: CacheLayout): string[] {
  return layout === 'folder' ? [paths.dir, paths.complete] : [paths.kept]
}

export function toolCacheRoot(): string {
  const root = process.env.RUNNER_TOOL_CACHE
  if (!root) throw new Error('RUNNER_TOOL_CACHE is not set (the runner always sets it)')
  return root
}

/** Restores a tool folder from the Actions cache; false on a miss or any trouble (warned). */
export async function restoreFromActionsCache(entry: ToolCacheEntry): Promise<boolean> {
  if (!cache.isFeatureAvailable()) {
    core.info('The Actions cache service is not available: tools are not restored from it.')
    return false
  }
  try {
    const hit = await cache.restoreCache([...entry.paths], entry.key)
    if (hit === undefined) core.info(`No Actions cache entry ${entry.key}.`)
    return hit !== undefined
  } catch (e) {
    core.warning(`Restoring ${entry.key} from the Actions cache failed: ${failureMessage(e)}`)
    return false
  }
}

/** Saves tool folders to the Actions cache (the post step); trouble is a warning. */
export async function saveToActionsCache(entries: readonly ToolCacheEntry[]): Promise<void> {
  if (entries.length === 0) return
  if (!cache.isFeatureAvailable()) {
    core.info('The Actions cache service is not available: tools are not saved to it.')
    return
  }
  for (const entry of entries) {
    const present = entry.paths.filter((p) => fs.existsSync(p))
    if (present.length !== entry.paths.length) {
      core.warning(`Not saving ${entry.key} to the Actions cache: ${entry.paths[0]} is gone.`)
      continue
    }
    try {
      // Matrix jobs on the same runner type download the same tool: the first save wins.
      if (
        (await cache.restoreCache([...entry.paths], entry.key, [], { lookupOnly: true })) ===
        entry.key
      ) {
        core.info(`${entry.key} is in the Actions cache already (saved by another job).`)
        continue
      }
      const id = await cache.saveCache([...entry.paths], entry.key)
      if (id === -1) {
        // @actions/cache only logs these at info level (e.g. the key exists already).
        core.warning(`Could not save ${entry.key} to the Actions cache (see the log above).`)
      } else {
        core.info(`Saved ${entry.key} to the Actions cache.`)
      }
    } catch (e) {
      core.warning(`Saving ${entry.key} to the Actions cache failed: ${failureMessage(e)}`)
    }
  }
}

/** Removes a tool's folder and its kept archive from the tool cache (after it failed a check). */
export function evictFromToolCache(tool: CachedTool, version: string, arch: string): void {
  const paths = toolPaths(toolCacheRoot(), tool, version, arch)
  for (const p of [paths.complete, paths.dir, paths.kept])
    fs.rmSync(p, { recursive: true, force: true })
  const versionDir = path.dirname(paths.dir)
  if (fs.existsSync(versionDir) && fs.readdirSync(versionDir).length === 0) fs.rmdirSync(versionDir)
}
