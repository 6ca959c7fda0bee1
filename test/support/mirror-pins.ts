/**
 * Content pins of the test mirror's archives, and the RLA_RELEASES_OVERLAY every action run of the
 * harness gets by default (test/support/harness.ts).
 *
 * The pins are computed by the same code as scripts/content-pins.ts, once per archive: kept under
 * .tmp/content-pins by the archive's SHA-256 and the rule they follow (`PinsRule`).
 * prepareReleases computes them for the real Zig and cargo-lambda it serves (the first time on a
 * machine: Zig is unpacked once, about a minute).
 *
 * Why a default: without content pins a warm run checks a tool folder against its kept archive,
 * and Zig's is 380 MB decompressed from xz (5 to 60 s on a loaded two-core machine) in every
 * action run of every test. With them the folder is hashed in place. The overlay pins only
 * archives the run's own inputs pin (`zig-sha256`, `cargo-lambda-sha256`), so which archive is
 * trusted, and why, is what the test asked for; the content pins add the fast check. A test about
 * the archive path sets RLA_RELEASES_OVERLAY itself (to `undefined` for none). A leaf module: the
 * harness imports it.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { pinsOfArchive, PinsRule, type PinnedTool } from '../../scripts/content-pins-lib.js'
import { InputDefaults, Inputs } from '../../src/constants.js'
import type { ContentPins } from '../../src/tools/content.js'
import { cargoLambdaTarget, zigAsset, type Platform } from '../../src/tools/releases.js'

const keptPins = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '.tmp',
  'content-pins',
)

/** Where the pins of the archive with this SHA-256 are kept, under the current rule. */
function keptPinsFile(sha256: string): string {
  return path.join(keptPins, `${sha256}.rule${PinsRule}.json`)
}

/** The pins computed earlier on this machine for the archive with this SHA-256, if any. */
export function keptMirrorPins(sha256: string): ContentPins | undefined {
  const file = keptPinsFile(sha256)
  if (!/^[0-9a-f]{64}$/.test(sha256) || !fs.existsSync(file)) return undefined
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ContentPins
}

/** The content pins of a mirror archive, computed once per machine (see the module comment). */
export async function mirrorPins(
  tool: PinnedTool,
  archive: string,
  sha256: string,
): Promise<ContentPins> {
  const kept = keptMirrorPins(sha256)
  if (kept !== undefined) return kept
  const pins = await pinsOfArchive(tool, archive)
  fs.mkdirSync(keptPins, { recursive: true })
  // Written whole, then renamed: test files in parallel forks may compute the same pins.
  const file = keptPinsFile(sha256)
  const partial = `${file}.${process.pid}.partial`
  fs.writeFileSync(partial, JSON.stringify(pins))
  fs.renameSync(partial, file)
  return pins
}

/**
 * The overlay file (written under `dir`) with content pins for the Zig and cargo-lambda archives
 * that `inputs` pin by SHA-256 and whose pins this machine has; undefined when there are none.
 * Its shape is known-releases.json's; the `url` of an entry is not read by the action.
 */
export function defaultOverlay(dir: string, inputs: Record<string, string>): string | undefined {
  const platform: Platform = { os: process.platform, arch: os.arch() }
  const entry = (sha256: string | undefined, key: string, version: string) => {
    const content = sha256 === undefined ? undefined : keptMirrorPins(sha256)
    return content === undefined
      ? undefined
      : { [version]: { [key]: { url: '', sha256, content } } }
  }
  const zigVersion = inputs[Inputs.ZigVersion] ?? InputDefaults[Inputs.ZigVersion]
  const clVersion = inputs[Inputs.CargoLambdaVersion] ?? InputDefaults[Inputs.CargoLambdaVersion]
  const zig = entry(
    inputs[Inputs.ZigSha256],
    zigAsset(zigVersion, platform).platformKey,
    zigVersion,
  )
  const cargoLambda = entry(
    inputs[Inputs.CargoLambdaSha256],
    cargoLambdaTarget(platform),
    clVersion,
  )
  if (zig === undefined && cargoLambda === undefined) return undefined
  const file = path.join(dir, 'default-releases-overlay.json')
  fs.writeFileSync(file, JSON.stringify({ zig: zig ?? {}, cargoLambda: cargoLambda ?? {} }))
  return file
}
