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
import { evictFromToolCache, obtainTool } from './cache.js'
import { download, DownloadError, downloadText, redact, type DownloadSeams } from './download.js'
import { capture, tail } from '../util/command.js'
import {
  cargoLambdaAsset,
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
  const obtained = await obtainTool({
    tool: 'cargo-lambda',
    version: options.version,
    platform: ctx.platform,
    expectedSha256: trust.kind === 'sha256' ? trust.sha256 : undefined,
    actionsCache: ctx.actionsCache,
    fetch: () => fetchCargoLambda(asset, trust, ctx),
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
      ...(obtained.detail !== undefined ? { detail: obtained.detail } : {}),
      ms: Date.now() - started,
    },
  }
}

async function fetchCargoLambda(
  asset: CargoLambdaAsset,
  trust: CargoLambdaTrust,
  ctx: CargoLambdaContext,
): Promise<{
  folder: string
  marker: { file: string; sha256: string; verifiedBy: string }
  detail: string
}> {
  let expected: string
  let source: string
  if (trust.kind === 'sha256') {
    expected = trust.sha256
    source = trust.source
  } else {
    core.warning(
      `cargo-lambda ${asset.file} is verified only by ${redact(trust.url)}, published beside it: a checksum from the same origin does not protect against a compromised server. Pin '${Inputs.CargoLambdaSha256}' for a stronger check.`,
    )
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
    expected = sidecar
    source = `the checksum file ${redact(trust.url)}`
  }

  core.info(`Downloading ${redact(asset.url)}`)
  const archive = path.join(ctx.workDir, asset.file)
  const got = await download(
    {
      url: asset.url,
      dest: archive,
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
  const folder = await tc.extractTar(archive, path.join(ctx.workDir, 'cargo-lambda-extract'), 'xz')
  fs.rmSync(archive, { force: true })
  const bin = path.join(folder, 'cargo-lambda')
  if (!fs.existsSync(bin)) {
    throw new ToolError(`${asset.file} from ${redact(asset.url)} has no cargo-lambda at its root.`)
  }
  fs.chmodSync(bin, 0o755)
  return {
    folder,
    marker: { file: asset.file, sha256: got.sha256, verifiedBy: source },
    detail: `${new URL(asset.url).host}, SHA-256 verified${trust.kind === 'sidecar' ? ' by .sha256 file' : ''}`,
  }
}
