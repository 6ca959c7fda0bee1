/**
 * sccache, the engine of the shared compile cache (`compile-cache`): the release asset for the
 * runner, from `sccache-url` or GitHub releases, verified like cargo-lambda (the `sccache-sha256`
 * input, else the pinned table, else the `.sha256` file beside the asset), kept in the tool cache
 * and the Actions cache. `sccache --version` must then report the requested version.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as tc from '@actions/tool-cache'
import { Inputs } from '../constants.js'
import { ToolError } from '../errors.js'
import type { CompileCacheConfig, ToolCacheEntry, ToolReport } from '../types.js'
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
} from './release-asset.js'
import { sccacheAsset, type SccacheAsset } from './releases.js'

const sccacheInputs: ReleaseInputs = {
  tool: 'sccache',
  sha256: Inputs.SccacheSha256,
  version: Inputs.SccacheVersion,
  url: Inputs.SccacheUrl,
}

/** Pure: the version `sccache --version` reports (`sccache 0.16.0`). */
export function parseSccacheVersion(text: string): string | undefined {
  return /^sccache\s+v?(\d+\.\d+\.\d+\S*)/m.exec(text)?.[1]
}

export interface SccacheInstall {
  readonly sccachePath: string
  readonly report: ToolReport
  readonly save: ToolCacheEntry | undefined
}

export async function installSccache(
  options: CompileCacheConfig['sccache'],
  place: InstallPlace,
  deps: ToolDeps = defaultDeps(),
): Promise<SccacheInstall> {
  const asset = sccacheAsset(options.version, deps.platform, options.url)
  const trust = releaseTrust(options.sha256, asset, Inputs.SccacheSha256)
  const installed = await installVerifiedTool({
    tool: 'sccache',
    title: 'sccache',
    version: options.version,
    platform: deps.platform,
    asset,
    expectedSha256: trust.kind === 'sha256' ? trust.sha256 : undefined,
    verifiedBy: describeTrust(trust),
    ...place,
    fetch: (into) => fetchReleaseAsset(asset, trust, sccacheInputs, deps, into),
    checkArchive: (kept) => checkReleaseArchive(asset, trust, sccacheInputs, deps, kept),
    extract: (archive, scratch) => extractSccache(asset, archive, scratch),
    // Not put on PATH: only the build uses it, through RUSTC_WRAPPER (its absolute path).
    executable: 'sccache',
    versionArgs: ['--version'],
    parseVersion: parseSccacheVersion,
    refusal: (out) =>
      `\`sccache --version\` ${versionSaid(out)}, expected sccache ${options.version} from ${redact(asset.url)}.`,
  })
  return { sccachePath: installed.path, save: installed.save, report: installed.report }
}

/** The archive's one top folder (`sccache-v{V}-{target}`) becomes the tool's folder. */
async function extractSccache(
  asset: SccacheAsset,
  archive: string,
  scratch: string,
): Promise<string> {
  const root = await tc.extractTar(archive, path.join(scratch, 'sccache'), 'xz')
  const folder = path.join(root, asset.folder)
  const bin = path.join(folder, 'sccache')
  if (!fs.existsSync(bin)) {
    throw new ToolError(
      `${asset.file} from ${redact(asset.url)} has no ${asset.folder}/sccache (the layout of sccache's release archives).`,
    )
  }
  fs.chmodSync(bin, 0o755)
  return folder
}
