/**
 * A tool published as a GitHub release asset with a `.sha256` file beside it (cargo-lambda,
 * sccache): trusted by the tool's `*-sha256` input, else the pinned table, else the `.sha256` file
 * (weaker: same origin). Downloaded and verified, or a kept archive checked again, for
 * tools/obtain.ts.
 */
import * as path from 'node:path'
import * as core from '@actions/core'
import { ToolError, VerificationError } from '../errors.js'
import { download, DownloadError, downloadText, redact, type DownloadDeps } from './download.js'
import { digestFile } from './hash.js'
import type { ArchiveCheck } from './obtain.js'
import { parseSha256Sidecar } from './releases.js'
import { sha256Mismatch } from './verify.js'

export type ReleaseTrust =
  | { readonly kind: 'sha256'; readonly sha256: string; readonly source: string }
  | { readonly kind: 'sidecar'; readonly url: string }

/** The asset as the release tables describe it. */
export interface ReleaseAsset {
  readonly url: string
  readonly file: string
  readonly pinnedSha256: string | undefined
}

/** The tool's own inputs, named in messages. */
export interface ReleaseInputs {
  readonly tool: string
  readonly sha256: string
  readonly version: string
  readonly url: string
}

/** Pure: the `*-sha256` input beats the pinned table, which beats the `.sha256` file. */
export function releaseTrust(
  input: string | undefined,
  asset: ReleaseAsset,
  sha256Input: string,
): ReleaseTrust {
  if (input !== undefined) {
    return { kind: 'sha256', sha256: input, source: `the '${sha256Input}' input` }
  }
  if (asset.pinnedSha256 !== undefined) {
    return {
      kind: 'sha256',
      sha256: asset.pinnedSha256,
      source: 'the checksum pinned in the action',
    }
  }
  const u = new URL(asset.url)
  u.pathname += '.sha256'
  return { kind: 'sidecar', url: u.toString() }
}

/** For the log: how the asset is verified. */
export function describeTrust(trust: ReleaseTrust): string {
  return trust.kind === 'sha256'
    ? `SHA-256 from ${trust.source}`
    : `the checksum file ${redact(trust.url)}`
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
