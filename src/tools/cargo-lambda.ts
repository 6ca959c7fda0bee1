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
import { ToolError } from '../errors.js'
import type { ToolCacheEntry, ToolReport } from '../types.js'
import { evictFromToolCache } from './cache.js'
import { redact, type DownloadSeams } from './download.js'
import { capture, tail } from '../util/command.js'
import { obtainedReport, obtainTool } from './obtain.js'
import {
  checkReleaseArchive,
  describeTrust,
  fetchReleaseAsset,
  releaseTrust,
  type ReleaseInputs,
  type ReleaseTrust,
} from './release-asset.js'
import {
  cargoLambdaAsset,
  contentPinsFor,
  type CargoLambdaAsset,
  type Platform,
} from './releases.js'

export type CargoLambdaTrust = ReleaseTrust

const cargoLambdaInputs: ReleaseInputs = {
  tool: 'cargo-lambda',
  sha256: Inputs.CargoLambdaSha256,
  version: Inputs.CargoLambdaVersion,
  url: Inputs.CargoLambdaUrl,
}

/** Pure: the cargo-lambda-sha256 input beats the pinned table, which beats the `.sha256` file. */
export function cargoLambdaTrust(
  input: string | undefined,
  asset: CargoLambdaAsset,
): CargoLambdaTrust {
  return releaseTrust(input, asset, Inputs.CargoLambdaSha256)
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
  core.info(`cargo-lambda ${options.version}: ${asset.file}, verified by ${describeTrust(trust)}.`)
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
    fetch: (into) => fetchReleaseAsset(asset, trust, cargoLambdaInputs, ctx.seams, into),
    checkArchive: (kept) => checkReleaseArchive(asset, trust, cargoLambdaInputs, ctx.seams, kept),
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
    report: obtainedReport('cargo-lambda', options.version, obtained, started),
  }
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
