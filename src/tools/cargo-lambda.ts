/**
 * cargo-lambda: the release asset for the runner, from `cargo-lambda-url` (a template with
 * `{version}` and `{target}`) or GitHub releases. Verified by the `cargo-lambda-sha256` input,
 * else the pinned table, else the `.sha256` file published beside the asset (weaker: same origin).
 * Put on PATH, then `cargo lambda --version` must report the requested version.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as tc from '@actions/tool-cache'
import { Inputs } from '../constants.js'
import { ToolError } from '../errors.js'
import { redact } from './download.js'
import { releaseTrust, type ReleaseTool, type ReleaseTrust } from './release-asset.js'
import { cargoLambdaAsset, type CargoLambdaAsset } from './releases.js'

export type CargoLambdaTrust = ReleaseTrust

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

/** For installReleaseTool (tools/index.ts puts the tool's folder on PATH). */
export const cargoLambdaTool: ReleaseTool<CargoLambdaAsset> = {
  tool: 'cargo-lambda',
  asset: cargoLambdaAsset,
  extract: extractCargoLambda,
  // `tar xz` into the tool's folder: the archive's root is the folder.
  layout: () => ({ compression: 'gzip', root: '' }),
  // By its own path, as the build runs it: `cargo lambda` would prefer a cargo-lambda in
  // $CARGO_HOME/bin, and that one's version must neither evict nor stand in for this one.
  executable: 'cargo-lambda',
  versionArgs: ['lambda', '--version'],
  parseVersion: parseCargoLambdaVersion,
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
