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
import { redact } from './download.js'
import {
  defaultDeps,
  installVerifiedTool,
  versionSaid,
  type InstallPlace,
  type ToolDeps,
} from './install.js'
import {
  checkReleaseArchive,
  describeTrust,
  fetchReleaseAsset,
  releaseTrust,
  type ReleaseInputs,
  type ReleaseTrust,
} from './release-asset.js'
import { cargoLambdaAsset, type CargoLambdaAsset } from './releases.js'

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

export interface CargoLambdaInstall {
  readonly cargoLambdaPath: string
  readonly report: ToolReport
  readonly save: ToolCacheEntry | undefined
}

export async function installCargoLambda(
  options: CargoLambdaOptions,
  place: InstallPlace,
  deps: ToolDeps = defaultDeps(),
): Promise<CargoLambdaInstall> {
  const asset = cargoLambdaAsset(options.version, deps.platform, options.url)
  const trust = cargoLambdaTrust(options.sha256, asset)
  const installed = await installVerifiedTool({
    tool: 'cargo-lambda',
    title: 'cargo-lambda',
    version: options.version,
    platform: deps.platform,
    asset,
    expectedSha256: trust.kind === 'sha256' ? trust.sha256 : undefined,
    verifiedBy: describeTrust(trust),
    ...place,
    fetch: (into) => fetchReleaseAsset(asset, trust, cargoLambdaInputs, deps, into),
    checkArchive: (kept) => checkReleaseArchive(asset, trust, cargoLambdaInputs, deps, kept),
    extract: (archive, scratch) => extractCargoLambda(asset, archive, scratch),
    // By its own path, as the build runs it: `cargo lambda` would prefer a cargo-lambda in
    // $CARGO_HOME/bin, and that one's version must neither evict nor stand in for this one.
    executable: 'cargo-lambda',
    versionArgs: ['lambda', '--version'],
    parseVersion: parseCargoLambdaVersion,
    refusal: (out) =>
      `\`cargo-lambda lambda --version\` ${versionSaid(out)}, expected cargo-lambda ${options.version} from ${redact(asset.url)}.`,
  })
  core.addPath(installed.dir)
  return { cargoLambdaPath: installed.path, save: installed.save, report: installed.report }
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
