/**
 * Where an installed tool lives between runs: the runner tool cache (@actions/tool-cache) and,
 * for runners that start empty, the same folder saved to the Actions cache (@actions/cache),
 * keyed by tool, version, OS and arch. Trouble with the cache service is a warning, never a
 * failure: the tool is then downloaded.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as cache from '@actions/cache'
import * as core from '@actions/core'
import * as tc from '@actions/tool-cache'
import { failureMessage } from '../errors.js'
import type { ToolCacheEntry } from '../types.js'
import type { Platform } from './releases.js'

export type CachedTool = 'zig' | 'cargo-lambda'

/** What the action wrote beside a verified tool: lets a later run check it against the pin. */
export interface InstallMarker {
  readonly file: string
  readonly sha256: string
  readonly verifiedBy: string
}

export const MarkerFile = '.rust-lambda-action.json'

/**
 * Pure: the Actions cache key of a tool. The expected checksum, when known before downloading,
 * is part of it, so a changed pin never restores a folder verified against another one.
 */
export function toolCacheKey(
  tool: CachedTool,
  version: string,
  platform: Platform,
  sha256: string | undefined,
): string {
  const parts = ['rust-lambda-action', 'tool', tool, version, platform.os, platform.arch]
  if (sha256 !== undefined) parts.push(sha256.slice(0, 16))
  return parts.join('-')
}

/** Pure: the tool-cache folder of a tool and the marker file tool-cache writes beside it. */
export function toolCachePaths(
  root: string,
  tool: CachedTool,
  version: string,
  arch: string,
): string[] {
  const dir = path.join(root, tool, version, arch)
  return [dir, `${dir}.complete`]
}

export function toolCacheRoot(): string {
  const root = process.env.RUNNER_TOOL_CACHE
  if (!root) throw new Error('RUNNER_TOOL_CACHE is not set (the runner always sets it)')
  return root
}

export function readMarker(dir: string): InstallMarker | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, MarkerFile), 'utf8')) as InstallMarker
  } catch {
    return undefined
  }
}

export function writeMarker(dir: string, marker: InstallMarker): void {
  fs.writeFileSync(path.join(dir, MarkerFile), JSON.stringify(marker) + '\n')
}

/**
 * The tool's folder in the runner tool cache, if it is there and was verified against the
 * expected checksum (when one is known before downloading).
 */
export function findInToolCache(
  tool: CachedTool,
  version: string,
  arch: string,
  expectedSha256: string | undefined,
): string | undefined {
  const dir = tc.find(tool, version, arch)
  if (dir === '') return undefined
  const marker = readMarker(dir)
  if (expectedSha256 !== undefined && marker?.sha256 !== expectedSha256) {
    core.info(
      `${tool} ${version} in the tool cache (${dir}) was verified against ${marker?.sha256 ?? 'no checksum'}, not ${expectedSha256}: installing it again.`,
    )
    return undefined
  }
  return dir
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

export interface ObtainRequest {
  readonly tool: CachedTool
  readonly version: string
  readonly platform: Platform
  /** Known before downloading (input or pinned table); undefined when a signature decides. */
  readonly expectedSha256: string | undefined
  /** Whether the Actions cache may be used (the `cache` input). */
  readonly actionsCache: boolean
  /** Downloads, verifies and extracts the tool; returns the folder to put in the tool cache. */
  readonly fetch: () => Promise<{ folder: string; marker: InstallMarker; detail: string }>
}

export interface Obtained {
  /** The tool's folder in the runner tool cache. */
  readonly dir: string
  readonly source: 'tool-cache' | 'actions-cache' | 'download'
  readonly detail: string | undefined
  /** Set when the post step should save the folder to the Actions cache. */
  readonly save: ToolCacheEntry | undefined
}

/** Tool cache, else Actions cache, else download (then cached in the tool cache). */
export async function obtainTool(req: ObtainRequest): Promise<Obtained> {
  const arch = req.platform.arch
  const cached = findInToolCache(req.tool, req.version, arch, req.expectedSha256)
  if (cached !== undefined) {
    core.info(`${req.tool} ${req.version} found in the tool cache: ${cached}`)
    return { dir: cached, source: 'tool-cache', detail: undefined, save: undefined }
  }
  const entry: ToolCacheEntry = {
    key: toolCacheKey(req.tool, req.version, req.platform, req.expectedSha256),
    paths: toolCachePaths(toolCacheRoot(), req.tool, req.version, arch),
  }
  if (req.actionsCache && (await restoreFromActionsCache(entry))) {
    const restored = findInToolCache(req.tool, req.version, arch, req.expectedSha256)
    if (restored !== undefined) {
      core.info(`${req.tool} ${req.version} restored from the Actions cache (${entry.key}).`)
      return { dir: restored, source: 'actions-cache', detail: entry.key, save: undefined }
    }
    core.warning(
      `The Actions cache entry ${entry.key} did not hold a usable ${req.tool} ${req.version}: downloading it.`,
    )
  }
  const fetched = await req.fetch()
  writeMarker(fetched.folder, fetched.marker)
  const dir = await tc.cacheDir(fetched.folder, req.tool, req.version, arch)
  fs.rmSync(fetched.folder, { recursive: true, force: true })
  return {
    dir,
    source: 'download',
    detail: fetched.detail,
    save: req.actionsCache ? entry : undefined,
  }
}

/** Removes a tool's folder from the tool cache (after it failed a check). */
export function evictFromToolCache(tool: CachedTool, version: string, arch: string): void {
  const paths = toolCachePaths(toolCacheRoot(), tool, version, arch)
  for (const p of paths) fs.rmSync(p, { recursive: true, force: true })
  const versionDir = path.dirname(paths[0] as string)
  if (fs.existsSync(versionDir) && fs.readdirSync(versionDir).length === 0) fs.rmdirSync(versionDir)
}
