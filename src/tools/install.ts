/**
 * The install skeleton Zig, cargo-lambda and sccache share: say which asset is installed and what
 * verifies it, obtain the tool (tools/obtain.ts: tool cache, Actions cache or a verified download,
 * checked at the moment of use), then run it and ask its version. A tool that does not run or
 * reports another version is removed from the tool cache and fails the step. What differs per
 * tool (where it comes from, how it is checked and unpacked, how it tells its version) comes in
 * the spec.
 */
import * as path from 'node:path'
import * as core from '@actions/core'
import { ToolError } from '../errors.js'
import type { ToolCacheEntry, ToolName, ToolReport } from '../types.js'
import { capture, type Captured } from '../util/command.js'
import { evictFromToolCache, type CachedTool } from './cache.js'
import type { ContentPins } from './content.js'
import { defaultDeps as defaultDownloadDeps, type DownloadDeps } from './download.js'
import { obtainTool, type Obtained, type ObtainRequest } from './obtain.js'
import {
  contentPinsFor,
  shuffled,
  zigPublicKey,
  zigSources,
  type Platform,
  type ZigSources,
} from './releases.js'
import type { PinnedSha256 } from './verify.js'

/** The seams of the tools stage: the downloads, the runner's platform, and where Zig comes from. */
export interface ToolDeps extends DownloadDeps {
  readonly platform: Platform
  /** The order the Zig community mirrors are tried in (default: random). */
  readonly shuffle: <T>(items: readonly T[]) => T[]
  /** Tests only: local mirrors and origin, and a test key. The action uses Zig's own. */
  readonly zigSources: ZigSources
  readonly zigPublicKey: string
}

export function defaultDeps(overrides: Partial<ToolDeps> = {}): ToolDeps {
  return {
    ...defaultDownloadDeps(),
    platform: { os: process.platform, arch: process.arch },
    shuffle: shuffled,
    zigSources,
    zigPublicKey,
    ...overrides,
  }
}

/** Where an installer works: its scratch folder, and whether the Actions cache keeps tools. */
export type InstallPlace = Pick<ObtainRequest, 'workDir' | 'actionsCache'>

export interface VerifiedToolSpec extends Pick<
  ObtainRequest,
  'fetch' | 'checkArchive' | 'extract' | 'layout'
> {
  readonly tool: CachedTool
  /** The name in the log's first line (`Zig`, `cargo-lambda`). */
  readonly title: string
  readonly version: string
  readonly asset: {
    readonly file: string
    readonly pinnedSha256: string | undefined
    readonly pinnedContent: ContentPins | undefined
  }
  /**
   * The SHA-256 that pins the archive (input or table), or when none does, what verifies it
   * instead, for the log (`the checksum file …`, a signature).
   */
  readonly proof: PinnedSha256 | string
  /** The executable in the tool's folder, and the arguments that make it print its version. */
  readonly executable: string
  readonly versionArgs: readonly string[]
  /** Pure: the version in what the executable printed. */
  readonly parseVersion: (stdout: string) => string | undefined
  /** The error's first sentence, when the executable failed or printed another version. */
  readonly refusal: (out: Captured, executable: string) => string
  /** The log line once the version matches; default: what the executable printed. */
  readonly reported?: (stdout: string, executable: string) => string
}

export interface VerifiedTool {
  /** Absolute path of the executable. */
  readonly path: string
  /** The tool's folder in the runner tool cache. */
  readonly dir: string
  readonly report: ToolReport
  /** Set when the post step should save the tool to the Actions cache. */
  readonly save: ToolCacheEntry | undefined
}

export async function installVerifiedTool(
  spec: VerifiedToolSpec,
  place: InstallPlace,
  deps: ToolDeps,
): Promise<VerifiedTool> {
  const started = Date.now()
  const pin = typeof spec.proof === 'string' ? undefined : spec.proof
  const expectedSha256 = pin?.sha256
  const verifiedBy =
    typeof spec.proof === 'string' ? spec.proof : `SHA-256 from ${spec.proof.source}`
  core.info(`${spec.title} ${spec.version}: ${spec.asset.file}, verified by ${verifiedBy}.`)
  const obtained = await obtainTool({
    tool: spec.tool,
    version: spec.version,
    platform: deps.platform,
    file: spec.asset.file,
    expectedSha256,
    contentPins: contentPinsFor(
      { sha256: spec.asset.pinnedSha256, content: spec.asset.pinnedContent },
      expectedSha256,
    ),
    ...place,
    fetch: spec.fetch,
    checkArchive: spec.checkArchive,
    extract: spec.extract,
    layout: spec.layout,
  })
  const executable = path.join(obtained.dir, spec.executable)
  const out = await capture(executable, spec.versionArgs)
  if (out.code !== 0 || spec.parseVersion(out.stdout) !== spec.version) {
    evictFromToolCache(spec.tool, spec.version, deps.platform.arch)
    throw new ToolError(`${spec.refusal(out, executable)} It was removed from the tool cache.`)
  }
  core.info(spec.reported?.(out.stdout, executable) ?? out.stdout.trim())
  return {
    path: executable,
    dir: obtained.dir,
    save: obtained.save,
    report: obtainedReport(spec.tool, spec.version, obtained, started),
  }
}

/** Pure: the run report's line for a tool that `obtainTool` provided, `startedMs` its start. */
export function obtainedReport(
  name: ToolName,
  version: string,
  obtained: Obtained,
  startedMs: number,
): ToolReport {
  return {
    name,
    version,
    source: obtained.source,
    checkedBy: obtained.checkedBy,
    ...(obtained.archiveSha256 !== undefined ? { archiveSha256: obtained.archiveSha256 } : {}),
    ...(obtained.detail !== undefined ? { detail: obtained.detail } : {}),
    ms: Date.now() - startedMs,
  }
}
