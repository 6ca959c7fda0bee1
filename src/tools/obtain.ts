/**
 * Nothing unverified runs: a tool comes from the runner tool cache, else the Actions cache, else
 * a verified download, and whatever comes from a cache is checked against the pins at the moment
 * of use (a marker or anything else stored in a cache is no proof: whoever can write the cache
 * can write it too).
 *
 * - With content pins (known-releases.json, for the archive it pins), a folder is checked against
 *   them and used as it is; the Actions cache then keeps the folder.
 * - Without them, the verified archive is kept beside the folder in the tool cache and is the
 *   Actions cache entry: it is checked against its pin again and extracted again, and a folder
 *   found in the tool cache must be the same as what the archive extracts to (read from the
 *   archive as a stream: tools/archive-digest.ts).
 *
 * A folder that fails is moved aside (kept for inspection, never run) with a warning naming the
 * tool, the path, the expected and actual hashes and where it came from; the tool is then
 * installed from the next source, at worst a verified download. A failed download fails the step
 * before anything is built.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as core from '@actions/core'
import * as tc from '@actions/tool-cache'
import {
  cachedPaths,
  restoreFromActionsCache,
  toolCacheKey,
  toolCacheRoot,
  toolPaths,
  type CachedTool,
  type CacheLayout,
  type ToolPaths,
} from './cache.js'
import type { ArchiveLayout } from './archive-digest.js'
import { checkContent, contentDigests, type ContentPins } from './content.js'
import type { ToolCacheEntry } from '../types.js'
import { formatMs } from '../util/format.js'
import type { Platform } from './releases.js'
import { folderMismatch, type HashMismatch } from './verify.js'

/** The result of checking a kept archive against what the action trusts for it. */
export type ArchiveCheck =
  | { readonly ok: true; readonly sha256: string }
  | { readonly ok: false; readonly mismatch: HashMismatch }

export interface ObtainRequest {
  readonly tool: CachedTool
  readonly version: string
  readonly platform: Platform
  /** The release asset's file name. */
  readonly file: string
  /** Known before downloading (input or pinned table); undefined when a signature decides. */
  readonly expectedSha256: string | undefined
  /** Digests of the installed files, when the action knows them for the pinned archive. */
  readonly contentPins: ContentPins | undefined
  /** Whether the Actions cache may be used (the `cache` input). */
  readonly actionsCache: boolean
  /** A scratch folder (RUNNER_TEMP) for downloads and extraction. */
  readonly workDir: string
  /** Downloads and verifies the archive into `into` (plus its signature when one verified it). */
  readonly fetch: (into: string) => Promise<{ sha256: string; detail: string }>
  /** Checks a kept folder (`<file>`, maybe its signature) against the pin, again. */
  readonly checkArchive: (kept: string) => Promise<ArchiveCheck>
  /** Extracts a verified archive under `scratch`; returns the tool's folder. */
  readonly extract: (archive: string, scratch: string) => Promise<string>
  /**
   * How the archive becomes the tool's folder, to digest that folder without extracting it;
   * without it, the archive is extracted to be compared.
   */
  readonly layout?: ArchiveLayout | undefined
}

export interface Obtained {
  /** The tool's folder in the runner tool cache. */
  readonly dir: string
  readonly source: 'tool-cache' | 'actions-cache' | 'download'
  readonly detail: string | undefined
  /** How the folder was checked before use. */
  readonly checkedBy: 'content pins' | 'verified archive' | 'fresh download'
  /** SHA-256 of the archive the folder came from, when this run checked or downloaded it. */
  readonly archiveSha256: string | undefined
  /** Set when the post step should save the tool to the Actions cache. */
  readonly save: ToolCacheEntry | undefined
}

/** Tool cache, else Actions cache, else download; see the module comment. */
export async function obtainTool(req: ObtainRequest): Promise<Obtained> {
  const paths = toolPaths(toolCacheRoot(), req.tool, req.version, req.platform.arch)
  const layout: CacheLayout = req.contentPins !== undefined ? 'folder' : 'archive'

  if (tc.find(req.tool, req.version, req.platform.arch) !== '') {
    const started = performance.now()
    // The process's CPU (every thread: the check hashes on workers too), to read the wall time
    // against on a busy runner.
    const cpu = process.cpuUsage()
    const found = await checkFolder(req, paths, 'the runner tool cache')
    if (found.ok) {
      const used = process.cpuUsage(cpu)
      core.info(
        `${req.tool} ${req.version} found in the tool cache and checked against ${found.by} in ${formatMs(performance.now() - started)} (CPU ${formatMs((used.user + used.system) / 1000)}): ${paths.dir}`,
      )
      return {
        dir: paths.dir,
        source: 'tool-cache',
        detail: undefined,
        checkedBy: found.by,
        archiveSha256: found.archiveSha256,
        save: undefined,
      }
    }
  }

  const entry: ToolCacheEntry = {
    key: toolCacheKey(req.tool, req.version, req.platform, req.expectedSha256, layout),
    paths: cachedPaths(paths, layout),
  }
  if (req.actionsCache) {
    const restored = await restoreChecked(req, paths, layout, entry)
    if (restored !== undefined) return restored
  }

  const staged = fs.mkdtempSync(path.join(req.workDir, `${req.tool}-archive-`))
  let fetched: { sha256: string; detail: string }
  try {
    fetched = await req.fetch(staged)
    await install(req, paths, path.join(staged, req.file))
    fs.rmSync(paths.kept, { recursive: true, force: true })
    fs.cpSync(staged, paths.kept, { recursive: true })
  } finally {
    fs.rmSync(staged, { recursive: true, force: true })
  }
  return {
    dir: paths.dir,
    source: 'download',
    detail: fetched.detail,
    checkedBy: 'fresh download',
    archiveSha256: fetched.sha256,
    save: req.actionsCache ? entry : undefined,
  }
}

type FolderCheck =
  | {
      readonly ok: true
      readonly by: Obtained['checkedBy']
      readonly archiveSha256: string | undefined
    }
  | { readonly ok: false }

/**
 * Checks the tool's folder against the content pins, else against what the verified archive kept
 * beside it extracts to. A folder that fails is moved aside with a warning.
 */
async function checkFolder(
  req: ObtainRequest,
  paths: ToolPaths,
  origin: string,
): Promise<FolderCheck> {
  if (req.contentPins !== undefined) {
    const mismatches = await checkContent(paths.dir, req.contentPins)
    if (mismatches.length === 0)
      return { ok: true, by: 'content pins', archiveSha256: req.expectedSha256 }
    setAside(
      req,
      paths,
      origin,
      mismatches.map((m) => ({ what: m.path, ...m })),
      'its content pins',
    )
    return { ok: false }
  }
  const archive = path.join(paths.kept, req.file)
  if (!fs.existsSync(archive)) {
    setAside(
      req,
      paths,
      origin,
      [{ what: req.file, expected: 'the verified archive beside it', actual: 'missing' }],
      'the verified archive it came from',
    )
    return { ok: false }
  }
  const checked = await req.checkArchive(paths.kept)
  if (!checked.ok) {
    setAside(req, paths, origin, [checked.mismatch], 'the pin of the archive kept beside it')
    fs.rmSync(paths.kept, { recursive: true, force: true })
    return { ok: false }
  }
  const [expected, actual] = await Promise.all([
    archiveDigest(req, archive),
    contentDigests(paths.dir, ['.']).then((d) => d['.'] as string),
  ])
  if (expected === actual)
    return { ok: true, by: 'verified archive', archiveSha256: checked.sha256 }
  setAside(
    req,
    paths,
    origin,
    [{ what: 'the folder', expected, actual }],
    'what its verified archive extracts to',
  )
  return { ok: false }
}

/**
 * The digest of the folder the verified archive extracts to: read from the archive as a stream
 * (tools/archive-digest.ts), else (no layout, or no `xz` on the runner) of a fresh extract.
 */
async function archiveDigest(req: ObtainRequest, archive: string): Promise<string> {
  if (req.layout !== undefined) {
    // Loaded here, not at start-up: tar-stream is only needed on this path (and for images).
    const { archiveFolderDigest, ArchiveStreamUnavailable } = await import('./archive-digest.js')
    try {
      return await archiveFolderDigest(archive, req.layout)
    } catch (e) {
      if (!(e instanceof ArchiveStreamUnavailable)) throw e
    }
  }
  const scratch = fs.mkdtempSync(path.join(req.workDir, `${req.tool}-check-`))
  try {
    const fresh = await req.extract(archive, scratch)
    return (await contentDigests(fresh, ['.']))['.'] as string
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}

/** Restores from the Actions cache and checks what came back; undefined when unusable. */
async function restoreChecked(
  req: ObtainRequest,
  paths: ToolPaths,
  layout: CacheLayout,
  entry: ToolCacheEntry,
): Promise<Obtained | undefined> {
  if (!(await restoreFromActionsCache(entry))) return undefined
  const origin = `the Actions cache entry ${entry.key}`
  const started = performance.now()
  const restored = (by: Obtained['checkedBy'], sha: string | undefined): Obtained => {
    core.info(
      `${req.tool} ${req.version} restored from the Actions cache (${entry.key}) and checked against ${by} in ${formatMs(performance.now() - started)}.`,
    )
    return {
      dir: paths.dir,
      source: 'actions-cache',
      detail: entry.key,
      checkedBy: by,
      archiveSha256: sha,
      save: undefined,
    }
  }
  if (layout === 'folder') {
    if (!fs.existsSync(paths.dir)) {
      core.warning(`${origin} did not hold ${req.tool} ${req.version}: downloading it.`)
      return undefined
    }
    const checked = await checkFolder(req, paths, origin)
    return checked.ok ? restored('content pins', req.expectedSha256) : undefined
  }
  const archive = path.join(paths.kept, req.file)
  if (!fs.existsSync(archive)) {
    core.warning(`${origin} did not hold ${req.file}: downloading it.`)
    return undefined
  }
  const checked = await req.checkArchive(paths.kept)
  if (!checked.ok) {
    core.warning(
      folderMismatch({
        tool: req.tool,
        version: req.version,
        path: archive,
        origin,
        against: 'its pin',
        mismatches: [checked.mismatch],
        aside: undefined,
      }),
    )
    fs.rmSync(paths.kept, { recursive: true, force: true })
    return undefined
  }
  await install(req, paths, archive)
  return restored('verified archive', checked.sha256)
}

/** Extracts a verified archive into the tool cache (replacing whatever is at the tool's path). */
async function install(req: ObtainRequest, paths: ToolPaths, archive: string): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(req.workDir, `${req.tool}-extract-`))
  try {
    const folder = await req.extract(archive, scratch)
    fs.rmSync(paths.complete, { force: true })
    fs.rmSync(paths.dir, { recursive: true, force: true })
    await tc.cacheDir(folder, req.tool, req.version, req.platform.arch)
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}

/** Moves a folder that failed its check out of the tool cache's way, and says so. */
function setAside(
  req: ObtainRequest,
  paths: ToolPaths,
  origin: string,
  mismatches: readonly HashMismatch[],
  against: string,
): void {
  const aside = `${paths.dir}.set-aside-${new Date().toISOString().replace(/[:.]/g, '-')}`
  fs.rmSync(paths.complete, { force: true })
  fs.renameSync(paths.dir, aside)
  core.warning(
    folderMismatch({
      tool: req.tool,
      version: req.version,
      path: paths.dir,
      origin,
      against,
      mismatches,
      aside,
    }),
  )
}
