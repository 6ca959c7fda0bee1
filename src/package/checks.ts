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
