/** Pure: the checks every zip passes before anything is uploaded or deployed. */
import { fitsInline, LambdaLimits, MaxInlineZipBytes } from '../lambda/limits.js'
import type { Architecture, BinaryKind } from '../types.js'
import { formatBytes } from '../util/format.js'
import { compareVersions } from '../util/versions.js'
import type { ElfInfo } from './elf.js'

/** The biggest zip UpdateFunctionCode takes directly (about 70 MB once base64-encoded). */
export const DirectUploadLimit = MaxInlineZipBytes

const MACHINE: Record<Architecture, ElfInfo['machine']> = { arm64: 'aarch64', x86_64: 'x86-64' }

export interface ArtifactFacts {
  readonly bin: string
  readonly kind: BinaryKind
  readonly elf: ElfInfo
  readonly zipSize: number
  readonly unzippedSize: number
}

export interface Limits {
  readonly architecture: Architecture
  /** The runtime's glibc floor; undefined for musl or a target without a suffix. */
  readonly glibc: string | undefined
  /** Deploying with UpdateFunctionCode's ZipFile (no s3-bucket). */
  readonly directUpload: boolean
  readonly sizeLimit: number | undefined
}

export interface CheckOutcome {
  readonly errors: readonly string[]
  readonly warnings: readonly string[]
}

export function checkArtifact(facts: ArtifactFacts, limits: Limits): CheckOutcome {
  const errors: string[] = []
  const warnings: string[] = []
  const what = `${facts.kind === 'extension' ? 'Extension' : 'Function'} '${facts.bin}'`
  const expected = MACHINE[limits.architecture]
  if (facts.elf.machine !== expected) {
    const got =
      facts.elf.machine === 'other' ? `ELF machine ${facts.elf.machineCode}` : facts.elf.machine
    errors.push(
      `${what}: the binary is ${got}, but architecture ${limits.architecture} needs ${expected}; Lambda would fail with "exec format error". Check 'target' and any --target in 'cargo-args'.`,
    )
  }
  const needed = facts.elf.glibcRequired
  if (limits.glibc !== undefined && needed !== undefined) {
    if (compareVersions(needed, limits.glibc) > 0) {
      errors.push(
        `${what}: the binary needs GLIBC_${needed}, newer than the runtime's glibc ${limits.glibc}; it would fail at cold start with "GLIBC_${needed} not found". Build with target <triple>.${limits.glibc} (the default) and check 'cargo-args' and the project's linker settings.`,
      )
    }
  }
  if (facts.unzippedSize > LambdaLimits.unzippedBytes) {
    errors.push(
      `${what}: unzipped size ${formatBytes(facts.unzippedSize)} is over Lambda's limit of ${formatBytes(LambdaLimits.unzippedBytes)}.`,
    )
  }
  if (!fitsInline(facts.zipSize)) {
    const message = `${what}: zip size ${formatBytes(facts.zipSize)} is over the ${formatBytes(DirectUploadLimit)} Lambda accepts in a direct upload; set 's3-bucket' to deploy through S3.`
    if (limits.directUpload) errors.push(message)
    else warnings.push(message)
  }
  if (limits.sizeLimit !== undefined && facts.zipSize > limits.sizeLimit) {
    errors.push(
      `${what}: zip size ${formatBytes(facts.zipSize)} (${facts.zipSize} bytes) is over 'size-limit' ${formatBytes(limits.sizeLimit)} (${limits.sizeLimit} bytes).`,
    )
  }
  return { errors, warnings }
}

/** What a layer check knows of an extension's zip: its entries and the start of its executable. */
export interface ExtensionZipFacts {
  readonly bin: string
  readonly entries: readonly { readonly name: string; readonly mode: number }[]
  /** The ELF machine of `extensions/<bin>` as an Architecture, or e.g. 'machine 40'; undefined: not ELF. */
  readonly machine: string | undefined
}

/**
 * Pure: why Lambda could not run this zip as an extension layer for `architecture`, or nothing.
 * Lambda starts every executable in `/opt/extensions/`, so the zip must hold
 * `extensions/<name>`, a regular file with mode 0755, whose ELF machine is the layer's
 * compatible architecture.
 */
export function checkExtensionZip(facts: ExtensionZipFacts, architecture: Architecture): string[] {
  const name = `extensions/${facts.bin}`
  const entry = facts.entries.find((e) => e.name === name)
  if (entry === undefined) {
    const listed = facts.entries.map((e) => e.name).slice(0, 10)
    return [
      `Extension '${facts.bin}': the zip has no '${name}' (it holds ${listed.join(', ') || 'nothing'}); Lambda runs extensions from /opt/extensions/, so a layer must hold extensions/<name>.`,
    ]
  }
  const problems: string[] = []
  const type = entry.mode & 0o170000
  const perms = entry.mode & 0o7777
  if (type !== 0o100000 || perms !== 0o755) {
    problems.push(
      `Extension '${facts.bin}': '${name}' has mode ${(entry.mode & 0o177777).toString(8).padStart(6, '0')} in the zip, not a regular file with 0755; Lambda would not start it.`,
    )
  }
  if (facts.machine !== architecture) {
    problems.push(
      `Extension '${facts.bin}': '${name}' is ${facts.machine === undefined ? 'not an ELF executable' : `built for ${facts.machine}`}, but its layer is published as compatible with ${architecture} (the architecture of the zip and of the functions it is attached to); Lambda would fail to start it. Build it for ${architecture}.`,
    )
  }
  return problems
}
