/**
 * A tool published as a GitHub release asset with a `.sha256` file beside it (cargo-lambda,
 * sccache): trusted by the tool's `*-sha256` input, else the pinned table, else the `.sha256` file
 * (weaker: same origin). installReleaseTool installs one through install.ts's skeleton: downloaded
 * and verified, or a kept archive checked again, for tools/obtain.ts.
 */
import * as path from 'node:path'
import * as core from '@actions/core'
import { Inputs } from '../constants.js'
import { ToolError, VerificationError } from '../errors.js'
import { download, DownloadError, downloadText, redact, type DownloadDeps } from './download.js'
import { tail, type Captured } from '../util/command.js'
import type { CachedTool } from './cache.js'
import { digestFile } from './hash.js'
import {
  installVerifiedTool,
  type InstallPlace,
  type ToolDeps,
  type VerifiedTool,
  type VerifiedToolSpec,
} from './install.js'
import type { ArchiveLayout } from './archive-digest.js'
import type { ArchiveCheck } from './obtain.js'
import { parseSha256Sidecar, type Platform } from './releases.js'
import { pinnedSha256, sha256Mismatch, type PinnedSha256 } from './verify.js'

type InputName = (typeof Inputs)[keyof typeof Inputs]

export type ReleaseTrust = PinnedSha256 | { readonly kind: 'sidecar'; readonly url: string }

/** The asset as the release tables describe it. */
export interface ReleaseAsset {
  readonly url: string
  readonly file: string
  readonly pinnedSha256: string | undefined
}

/** The tools published this way. */
export type ReleaseToolName = Exclude<CachedTool, 'zig'>

/** The tool's own inputs, named in messages. */
export interface ReleaseInputs {
  readonly tool: ReleaseToolName
  readonly sha256: string
  readonly version: string
  readonly url: string
}

/** Pure: the tool's `<tool>-sha256`, `-version` and `-url` inputs (the compiler checks each name). */
export function releaseInputs(tool: ReleaseToolName): ReleaseInputs {
  const sha256: InputName = `${tool}-sha256`
  const version: InputName = `${tool}-version`
  const url: InputName = `${tool}-url`
  return { tool, sha256, version, url }
}

/** Pure: the `*-sha256` input beats the pinned table, which beats the `.sha256` file. */
export function releaseTrust(
  input: string | undefined,
  asset: ReleaseAsset,
  sha256Input: string,
): ReleaseTrust {
  const pinned = pinnedSha256(input, asset.pinnedSha256, sha256Input)
  if (pinned !== undefined) return pinned
  const u = new URL(asset.url)
  u.pathname += '.sha256'
  return { kind: 'sidecar', url: u.toString() }
}

/** A tool published this way: its inputs and asset, and how to unpack it and ask its version. */
export interface ReleaseTool<A extends ReleaseAsset> extends Pick<
  VerifiedToolSpec,
  'executable' | 'versionArgs' | 'parseVersion'
> {
  readonly tool: ReleaseToolName
  /** Pure: the asset for a version and platform, from the tool's `*-url` template if set. */
  readonly asset: (version: string, platform: Platform, template: string | undefined) => A
  /** Extracts the verified archive under `scratch`; returns the tool's folder. */
  readonly extract: (asset: A, archive: string, scratch: string) => Promise<string>
  /** Pure: how the archive becomes the tool's folder (tools/archive-digest.ts). */
  readonly layout: (asset: A) => ArchiveLayout
}

/** The tool's `*-version`, `*-sha256` and `*-url` inputs. */
export interface ReleaseOptions {
  readonly version: string
  readonly sha256: string | undefined
  readonly url: string | undefined
}

/** Installs a release tool, trusted by its `*-sha256` input, the table or its `.sha256` file. */
export async function installReleaseTool<A extends VerifiedToolSpec['asset'] & ReleaseAsset>(
  tool: ReleaseTool<A>,
  options: ReleaseOptions,
  place: InstallPlace,
  deps: ToolDeps,
): Promise<VerifiedTool> {
  const { executable, versionArgs } = tool
  const inputs = releaseInputs(tool.tool)
  const asset = tool.asset(options.version, deps.platform, options.url)
  const trust = releaseTrust(options.sha256, asset, inputs.sha256)
  return installVerifiedTool(
    {
      tool: inputs.tool,
      title: inputs.tool,
      version: options.version,
      asset,
      proof: trust.kind === 'sha256' ? trust : `the checksum file ${redact(trust.url)}`,
      fetch: (into) => fetchReleaseAsset(asset, trust, inputs, deps, into),
      checkArchive: (kept) => checkReleaseArchive(asset, trust, inputs, deps, kept),
      extract: (archive, scratch) => tool.extract(asset, archive, scratch),
      layout: tool.layout(asset),
      executable,
      versionArgs,
      parseVersion: tool.parseVersion,
      refusal: (out) =>
        `\`${[executable, ...versionArgs].join(' ')}\` ${versionSaid(out)}, expected ${inputs.tool} ${options.version} from ${redact(asset.url)}.`,
    },
    place,
    deps,
  )
}

/** Pure: what a version command said, for a refusal: `reports '…'` or `failed (…)`. */
function versionSaid(out: Captured): string {
  return out.code === 0 ? `reports '${out.stdout.trim()}'` : `failed (${tail(out.stderr, 2)})`
}

/** The checksum the archive must have: the pin, else the `.sha256` file (fetched again each time). */
async function expectedChecksum(
  asset: ReleaseAsset,
  trust: ReleaseTrust,
  inputs: ReleaseInputs,
  deps: DownloadDeps,
): Promise<{ expected: string; source: string }> {
  if (trust.kind === 'sha256') return { expected: trust.sha256, source: trust.source }
  let text: string
  try {
    text = await downloadText(trust.url, deps)
  } catch (e) {
    if (!(e instanceof DownloadError)) throw e
    throw new ToolError(
      `${asset.file} has no checksum pinned in the action, and its checksum file could not be fetched (${e.message}). Set '${inputs.sha256}' to the archive's SHA-256.`,
    )
  }
  const sidecar = parseSha256Sidecar(text)
  if (sidecar === undefined) {
    throw new VerificationError(
      `The checksum file ${redact(trust.url)} does not start with a SHA-256 (64 hex digits): cannot verify ${asset.file}. Set '${inputs.sha256}'.`,
    )
  }
  return { expected: sidecar, source: `the checksum file ${redact(trust.url)}` }
}

/** Downloads the asset into `into` and verifies it; a mismatch deletes it and throws. */
export async function fetchReleaseAsset(
  asset: ReleaseAsset,
  trust: ReleaseTrust,
  inputs: ReleaseInputs,
  deps: DownloadDeps,
  into: string,
): Promise<{ sha256: string; detail: string }> {
  if (trust.kind === 'sidecar') {
    core.warning(
      `${inputs.tool} ${asset.file} is verified only by ${redact(trust.url)}, published beside it: a checksum from the same origin does not protect against a compromised server. Pin '${inputs.sha256}' for a stronger check.`,
    )
  }
  const { expected, source } = await expectedChecksum(asset, trust, inputs, deps)
  core.info(`Downloading ${redact(asset.url)}`)
  const got = await download(
    {
      url: asset.url,
      dest: path.join(into, asset.file),
      verify: (d) => {
        if (d.sha256 !== expected) {
          throw new VerificationError(
            sha256Mismatch({
              file: asset.file,
              url: redact(asset.url),
              expected,
              actual: d.sha256,
              source,
              fix: `Check '${inputs.sha256}', '${inputs.version}' and '${inputs.url}'.`,
            }),
          )
        }
      },
    },
    deps,
  )
  core.info(`Verified ${asset.file} (${got.bytes} bytes, SHA-256 ${got.sha256}).`)
  return {
    sha256: got.sha256,
    detail: `${new URL(asset.url).host}, SHA-256 verified${trust.kind === 'sidecar' ? ' by .sha256 file' : ''}`,
  }
}

/** A kept archive, checked again against the pin (or the `.sha256` file, fetched again). */
export async function checkReleaseArchive(
  asset: ReleaseAsset,
  trust: ReleaseTrust,
  inputs: ReleaseInputs,
  deps: DownloadDeps,
  kept: string,
): Promise<ArchiveCheck> {
  const { expected, source } = await expectedChecksum(asset, trust, inputs, deps)
  const actual = (await digestFile(path.join(kept, asset.file))).sha256
  return actual === expected
    ? { ok: true, sha256: actual }
    : { ok: false, mismatch: { what: `${asset.file} (pinned by ${source})`, expected, actual } }
}
