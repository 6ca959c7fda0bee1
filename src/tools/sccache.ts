/**
 * sccache, the engine of the shared compile cache (`compile-cache`): the release asset for the
 * runner, from `sccache-url` or GitHub releases, verified like cargo-lambda (the `sccache-sha256`
 * input, else the pinned table, else the `.sha256` file beside the asset), kept in the tool cache
 * and the Actions cache. `sccache --version` must then report the requested version.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as tc from '@actions/tool-cache'
import { ToolError } from '../errors.js'
import { redact } from './download.js'
import type { ReleaseTool } from './release-asset.js'
import { sccacheAsset, type SccacheAsset } from './releases.js'

/** Pure: the version `sccache --version` reports (`sccache 0.16.0`). */
export function parseSccacheVersion(text: string): string | undefined {
  return /^sccache\s+v?(\d+\.\d+\.\d+\S*)/m.exec(text)?.[1]
}

/** For installReleaseTool. */
export const sccacheTool: ReleaseTool<SccacheAsset> = {
  tool: 'sccache',
  asset: sccacheAsset,
  extract: extractSccache,
  layout: (asset) => ({ compression: 'gzip', root: asset.folder }),
  // Not put on PATH: only the build uses it, through RUSTC_WRAPPER (its absolute path).
  executable: 'sccache',
  versionArgs: ['--version'],
  parseVersion: parseSccacheVersion,
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
