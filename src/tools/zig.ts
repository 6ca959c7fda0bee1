/**
 * Zig: the linker cargo-lambda (cargo-zigbuild) cross-links with. Verified, in this order of
 * trust, by the `zig-sha256` input, the pinned table, or the `.minisig` signature made with the
 * Zig Software Foundation's key. Downloaded from `zig-mirror`, else the community mirrors in
 * random order, then ziglang.org.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as core from '@actions/core'
import * as tc from '@actions/tool-cache'
import { Inputs } from '../constants.js'
import { ToolError, VerificationError } from '../errors.js'
import type { ToolCacheEntry, ToolReport } from '../types.js'
import {
  download,
  downloadText,
  DownloadError,
  redact,
  type Digest,
  type DownloadDeps,
} from './download.js'
import { tail } from '../util/command.js'
import { digestFile } from './hash.js'
import { MinisignError, verifyMinisign } from './minisign.js'
import {
  defaultDeps,
  installVerifiedTool,
  type InstallPlace,
  type ToolDeps,
  type VerifiedToolSpec,
} from './install.js'
import type { ArchiveCheck } from './obtain.js'
import { zigAsset, zigPublicKey, zigUrls, type ZigAsset } from './releases.js'
import { pinnedSha256, sha256Mismatch, type PinnedSha256 } from './verify.js'
import { pruneZigLib, zigKeepsFile } from './zig-lib.js'

export type ZigTrust = PinnedSha256 | { readonly kind: 'minisign'; readonly publicKey: string }

/** Pure: the zig-sha256 input beats the pinned table, which beats the minisign signature. */
export function zigTrust(
  input: string | undefined,
  asset: ZigAsset,
  publicKey: string = zigPublicKey,
): ZigTrust {
  return (
    pinnedSha256(input, asset.pinnedSha256, Inputs.ZigSha256) ?? { kind: 'minisign', publicKey }
  )
}

export interface ZigOptions {
  readonly version: string
  readonly sha256: string | undefined
  readonly mirror: string | undefined
}

export interface ZigInstall {
  /** Absolute path of the zig executable. */
  readonly zigPath: string
  readonly report: ToolReport
  readonly save: ToolCacheEntry | undefined
}

export async function installZig(
  options: ZigOptions,
  place: InstallPlace,
  deps: ToolDeps = defaultDeps(),
): Promise<ZigInstall> {
  const asset = zigAsset(options.version, deps.platform)
  const trust = zigTrust(options.sha256, asset, deps.zigPublicKey)
  const spec: VerifiedToolSpec = {
    tool: 'zig',
    title: 'Zig',
    version: options.version,
    asset,
    proof: trust.kind === 'sha256' ? trust : "the Zig Software Foundation's minisign signature",
    fetch: (into) => fetchZig(options, asset, trust, deps, into),
    checkArchive: (kept) => checkZigArchive(asset, trust, kept),
    extract: (archive, scratch) => extractZig(asset, archive, scratch),
    layout: { compression: 'xz', root: asset.folder, keeps: zigKeepsFile },
    executable: process.platform === 'win32' ? 'zig.exe' : 'zig',
    versionArgs: ['version'],
    parseVersion: (stdout) => stdout.trim(),
    refusal: (out, zigPath) =>
      `${zigPath} ${out.code === 0 ? `reports version ${out.stdout.trim()}` : `does not run (${tail(out.stderr, 2)})`}, expected ${options.version}.`,
    reported: (stdout, zigPath) => `zig version: ${stdout.trim()} (${zigPath})`,
  }
  const installed = await installVerifiedTool(spec, place, deps)
  return { zigPath: installed.path, save: installed.save, report: installed.report }
}

async function fetchZig(
  options: ZigOptions,
  asset: ZigAsset,
  trust: ZigTrust,
  deps: ToolDeps,
  into: string,
): Promise<{ sha256: string; detail: string }> {
  const urls = zigUrls(asset, options.version, options.mirror, deps.shuffle, deps.zigSources)
  const archive = path.join(into, asset.file)
  const failures: string[] = []
  for (let i = 0; i < urls.length; i++) {
    const url = urls[i] as string
    const last = i === urls.length - 1
    try {
      core.info(`Downloading ${redact(url)}`)
      const signature =
        trust.kind === 'minisign' ? await fetchSignature(url, options.version, deps) : undefined
      const got = await download(
        {
          url,
          dest: archive,
          blake2b512: trust.kind === 'minisign',
          verify: (d) => verifyZig(d, asset.file, url, trust, signature),
        },
        deps,
      )
      // Kept beside the archive: a later run checks the kept archive against it again.
      if (signature !== undefined) fs.writeFileSync(`${archive}.minisig`, signature)
      core.info(`Verified ${asset.file} (${got.bytes} bytes, SHA-256 ${got.sha256}).`)
      return {
        sha256: got.sha256,
        detail: `${new URL(url).host}, ${trust.kind === 'sha256' ? 'SHA-256' : 'minisign'} verified`,
      }
    } catch (e) {
      // One user-chosen mirror: its error is the answer. Otherwise try the next mirror; a file
      // that fails verification sends us to the origin (ziglang.org) rather than every mirror.
      if (options.mirror !== undefined || last) {
        if (failures.length === 0) throw e
        throw new ToolError(
          `Could not download ${asset.file} from any mirror:\n${[...failures, `${redact(url)}: ${(e as Error).message}`].join('\n')}`,
        )
      }
      core.warning(`Zig mirror ${redact(url)} failed: ${(e as Error).message}`)
      failures.push(`${redact(url)}: ${(e as Error).message}`)
      if (e instanceof VerificationError) i = urls.length - 2
    }
  }
  throw new ToolError(`No URL to download ${asset.file} from.`)
}

/** A kept archive, checked again: against the pin, or its signature against the trusted key. */
async function checkZigArchive(
  asset: ZigAsset,
  trust: ZigTrust,
  kept: string,
): Promise<ArchiveCheck> {
  const archive = path.join(kept, asset.file)
  const digest = await digestFile(archive, trust.kind === 'minisign')
  if (trust.kind === 'sha256') {
    return digest.sha256 === trust.sha256
      ? { ok: true, sha256: digest.sha256 }
      : {
          ok: false,
          mismatch: {
            what: `${asset.file} (pinned by ${trust.source})`,
            expected: trust.sha256,
            actual: digest.sha256,
          },
        }
  }
  let signature = ''
  try {
    signature = fs.readFileSync(`${archive}.minisig`, 'utf8')
    verifyMinisign(trust.publicKey, signature, digest.blake2b512 ?? Buffer.alloc(0), asset.file)
    return { ok: true, sha256: digest.sha256 }
  } catch (e) {
    if (!(e instanceof MinisignError) && (e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
    return {
      ok: false,
      mismatch: {
        what: `${asset.file} (signed by the Zig Software Foundation)`,
        expected: 'a valid minisign signature',
        actual: `SHA-256 ${digest.sha256} (${e instanceof MinisignError ? e.message : 'no signature kept'})`,
      },
    }
  }
}

async function extractZig(asset: ZigAsset, archive: string, scratch: string): Promise<string> {
  const extracted = await tc.extractTar(archive, path.join(scratch, 'zig'), 'xJ')
  const folder = path.join(extracted, asset.folder)
  if (!fs.existsSync(path.join(folder, 'zig'))) {
    throw new ToolError(`${asset.file} does not hold ${asset.folder}/zig.`)
  }
  const removed = await pruneZigLib(folder)
  if (removed.length > 0) {
    core.info(
      `Removed ${removed.length} libc folders of systems other than aarch64/x86_64 Linux from Zig's lib/ (the action never builds for them; fewer files to check before each use).`,
    )
  }
  return folder
}

function signatureUrl(url: string): string {
  const u = new URL(url)
  u.pathname += '.minisig'
  return u.toString()
}

/** Without a checksum to pin, the signature is the only proof: say so when it is missing. */
async function fetchSignature(url: string, version: string, deps: DownloadDeps): Promise<string> {
  try {
    return await downloadText(signatureUrl(url), deps)
  } catch (e) {
    if (!(e instanceof DownloadError)) throw e
    throw new DownloadError(
      `Zig ${version} has no checksum pinned in the action, so its minisign signature is needed, but ${e.message}. Set '${Inputs.ZigSha256}' to the archive's SHA-256 or use a mirror that serves the .minisig files.`,
      e.retryable,
      e.status,
    )
  }
}

function verifyZig(
  digest: Digest,
  file: string,
  url: string,
  trust: ZigTrust,
  signature: string | undefined,
): void {
  if (trust.kind === 'sha256') {
    if (digest.sha256 !== trust.sha256) {
      throw new VerificationError(
        sha256Mismatch({
          file,
          url: redact(url),
          expected: trust.sha256,
          actual: digest.sha256,
          source: trust.source,
          fix: `If you pinned it, check '${Inputs.ZigSha256}' against https://ziglang.org/download/index.json.`,
        }),
      )
    }
    return
  }
  try {
    verifyMinisign(trust.publicKey, signature ?? '', digest.blake2b512 ?? Buffer.alloc(0), file)
  } catch (e) {
    if (!(e instanceof MinisignError)) throw e
    throw new VerificationError(
      `Refused ${file} from ${redact(url)}: its minisign signature does not verify with the Zig Software Foundation's key (${e.message}); SHA-256 of the download: ${digest.sha256}. The file was deleted, not extracted. Pin '${Inputs.ZigSha256}' or use another '${Inputs.ZigMirror}'.`,
    )
  }
}
