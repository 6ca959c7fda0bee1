/**
 * cargo-lambda: the release asset for the runner, from `cargo-lambda-url` (a template with
 * `{version}` and `{target}`) or GitHub releases. Verified by the `cargo-lambda-sha256` input,
 * else the pinned table, else the `.sha256` file published beside the asset (weaker: same origin).
 * Put on PATH, then `cargo lambda --version` must report the requested version.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as core from '@actions/core'
import * as tc from '@actions/tool-cache'
import { Inputs } from '../constants.js'
import { ToolError, VerificationError } from '../errors.js'
import type { ToolCacheEntry, ToolReport } from '../types.js'
import { evictFromToolCache } from './cache.js'
import { download, DownloadError, downloadText, redact, type DownloadSeams } from './download.js'
import { capture, tail } from '../util/command.js'
import { digestFile } from './hash.js'
import { obtainTool, type ArchiveCheck } from './obtain.js'
import {
  cargoLambdaAsset,
  contentPinsFor,
  parseSha256Sidecar,
  type CargoLambdaAsset,
  type Platform,
} from './releases.js'
import { sha256Mismatch } from './verify.js'

export type CargoLambdaTrust =
  | { readonly kind: 'sha256'; readonly sha256: string; readonly source: string }
  | { readonly kind: 'sidecar'; readonly url: string }

/** Pure: the cargo-lambda-sha256 input beats the pinned table, which beats the `.sha256` file. */
export function cargoLambdaTrust(
  input: string | undefined,
  asset: CargoLambdaAsset,
): CargoLambdaTrust {
  if (input !== undefined) {
    return { kind: 'sha256', sha256: input, source: `the '${Inputs.CargoLambdaSha256}' input` }
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

/** Pure: the version `cargo lambda --version` reports (`cargo-lambda 1.9.2 (...)`). */
export function parseCargoLambdaVersion(text: string): string | undefined {
  return /cargo-lambda\s+v?(\d+\.\d+\.\d+\S*)/.exec(text)?.[1]
}

export interface CargoLambdaOptions {
  readonly version: string
  readonly sha256: string | undefined
  readonly url: string | undefined
}

export interface CargoLambdaContext {
  readonly platform: Platform
  readonly seams: DownloadSeams
  readonly workDir: string
  readonly actionsCache: boolean
}

export interface CargoLambdaInstall {
  readonly cargoLambdaPath: string
  readonly report: ToolReport
  readonly save: ToolCacheEntry | undefined
}

export async function installCargoLambda(
  options: CargoLambdaOptions,
  ctx: CargoLambdaContext,
): Promise<CargoLambdaInstall> {
  const started = Date.now()
  const asset = cargoLambdaAsset(options.version, ctx.platform, options.url)
  const trust = cargoLambdaTrust(options.sha256, asset)
  core.info(
    `cargo-lambda ${options.version}: ${asset.file}, verified by ${trust.kind === 'sha256' ? `SHA-256 from ${trust.source}` : `the checksum file ${redact(trust.url)}`}.`,
  )
  const expectedSha256 = trust.kind === 'sha256' ? trust.sha256 : undefined
  const obtained = await obtainTool({
    tool: 'cargo-lambda',
    version: options.version,
    platform: ctx.platform,
    file: asset.file,
    expectedSha256,
    contentPins: contentPinsFor(
      { sha256: asset.pinnedSha256, content: asset.pinnedContent },
      expectedSha256,
    ),
    actionsCache: ctx.actionsCache,
    workDir: ctx.workDir,
    fetch: (into) => fetchCargoLambda(asset, trust, ctx, into),
    checkArchive: (kept) => checkCargoLambdaArchive(asset, trust, ctx, kept),
    extract: (archive, scratch) => extractCargoLambda(asset, archive, scratch),
  })
  core.addPath(obtained.dir)
  const cargoLambdaPath = path.join(obtained.dir, 'cargo-lambda')

  // By its own path, as the build runs it: `cargo lambda` would prefer a cargo-lambda in
  // $CARGO_HOME/bin, and that one's version must neither evict nor stand in for this one.
  const out = await capture(cargoLambdaPath, ['lambda', '--version'])
  const reported = parseCargoLambdaVersion(out.stdout)
  if (out.code !== 0 || reported !== options.version) {
    evictFromToolCache('cargo-lambda', options.version, ctx.platform.arch)
    throw new ToolError(
      `\`cargo-lambda lambda --version\` ${out.code === 0 ? `reports '${out.stdout.trim()}'` : `failed (${tail(out.stderr, 2)})`}, expected cargo-lambda ${options.version} from ${redact(asset.url)}. It was removed from the tool cache.`,
    )
  }
  core.info(out.stdout.trim())
  return {
    cargoLambdaPath,
    save: obtained.save,
    report: {
      name: 'cargo-lambda',
      version: options.version,
      source: obtained.source,
      checkedBy: obtained.checkedBy,
      ...(obtained.archiveSha256 !== undefined ? { archiveSha256: obtained.archiveSha256 } : {}),
      ...(obtained.detail !== undefined ? { detail: obtained.detail } : {}),
      ms: Date.now() - started,
    },
  }
}

/** The checksum the archive must have: the pin, else the `.sha256` file (fetched again each time). */
async function expectedChecksum(
  asset: CargoLambdaAsset,
  trust: CargoLambdaTrust,
  ctx: CargoLambdaContext,
): Promise<{ expected: string; source: string }> {
  if (trust.kind === 'sha256') return { expected: trust.sha256, source: trust.source }
  let text: string
  try {
    text = await downloadText(trust.url, ctx.seams)
  } catch (e) {
    if (!(e instanceof DownloadError)) throw e
    throw new ToolError(
      `${asset.file} has no checksum pinned in the action, and its checksum file could not be fetched (${e.message}). Set '${Inputs.CargoLambdaSha256}' to the archive's SHA-256.`,
    )
  }
  const sidecar = parseSha256Sidecar(text)
  if (sidecar === undefined) {
    throw new VerificationError(
      `The checksum file ${redact(trust.url)} does not start with a SHA-256 (64 hex digits): cannot verify ${asset.file}. Set '${Inputs.CargoLambdaSha256}'.`,
    )
  }
  return { expected: sidecar, source: `the checksum file ${redact(trust.url)}` }
}

async function fetchCargoLambda(
  asset: CargoLambdaAsset,
  trust: CargoLambdaTrust,
  ctx: CargoLambdaContext,
  into: string,
): Promise<{ sha256: string; detail: string }> {
  if (trust.kind === 'sidecar') {
    core.warning(
      `cargo-lambda ${asset.file} is verified only by ${redact(trust.url)}, published beside it: a checksum from the same origin does not protect against a compromised server. Pin '${Inputs.CargoLambdaSha256}' for a stronger check.`,
    )
  }
  const { expected, source } = await expectedChecksum(asset, trust, ctx)
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
              fix: `Check '${Inputs.CargoLambdaSha256}', '${Inputs.CargoLambdaVersion}' and '${Inputs.CargoLambdaUrl}'.`,
            }),
          )
        }
      },
    },
    ctx.seams,
  )
  core.info(`Verified ${asset.file} (${got.bytes} bytes, SHA-256 ${got.sha256}).`)
  return {
    sha256: got.sha256,
    detail: `${new URL(asset.url).host}, SHA-256 verified${trust.kind === 'sidecar' ? ' by .sha256 file' : ''}`,
  }
}

/** A kept archive, checked again against the pin (or the `.sha256` file, fetched again). */
async function checkCargoLambdaArchive(
  asset: CargoLambdaAsset,
  trust: CargoLambdaTrust,
  ctx: CargoLambdaContext,
  kept: string,
): Promise<ArchiveCheck> {
  const { expected, source } = await expectedChecksum(asset, trust, ctx)
  const actual = (await digestFile(path.join(kept, asset.file))).sha256
  return actual === expected
    ? { ok: true, sha256: actual }
    : { ok: false, mismatch: { what: `${asset.file} (pinned by ${source})`, expected, actual } }
}

async function extractCargoLambda(
  asset: CargoLambdaAsset,
  archive: string,
  scratch: string,
): Promise<string> {
  const folder = await tc.extractTar(archive, path.join(scratch, 'cargo-lambda'), 'xz')
  const bin = path.join(folder, 'cargo-lambda')
  if (!fs.existsSync(bin)) {
    throw new ToolError(`${asset.file} from ${redact(asset.url)} has no cargo-lambda at its root.`)
  }
  fs.chmodSync(bin, 0o755)
  return folder
}
