/**
 * Deploy-only mode (`from-artifacts`): rebuilds the packaged-artifact records from zips an
 * earlier run made, and gives them every check a zip built here gets (ELF architecture against
 * the function's, the glibc floor, the size limits, the `bootstrap` layout) before anything
 * leaves the runner. Runs no tool: no cargo, no zig, no cargo-lambda.
 */
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as core from '@actions/core'
import { ArchitectureTriple, Inputs, RuntimeGlibc } from '../constants.js'
import { InputError, PackageError } from '../errors.js'
import { inert } from '../log.js'
import type { Artifact, ArtifactSource, BinaryKind, Config } from '../types.js'
import { formatBytes } from '../util/format.js'
import { checkArtifact } from './checks.js'
import { ElfError, parseElf } from './elf.js'
import { fromRecords, scanFolder, twinBinaries, type ZipCandidate } from './candidates.js'
import { readZip, type ZipListing } from './zip-read.js'

/**
 * Pure: what a zip holds, from its listing. A function has an executable `bootstrap` at its root;
 * an extension an executable `extensions/<name>`. Returns an error message for any other layout.
 */
export function classifyZip(
  entries: readonly ZipListing[],
  expected: Pick<ZipCandidate, 'bin' | 'kind'>,
): { kind: BinaryKind; executable: string; bin: string | undefined } | { error: string } {
  const files = entries.filter((e) => !e.isDirectory)
  const bootstrap = files.find((e) => e.name === 'bootstrap')
  const extensions = files.filter((e) => /^extensions\/[^/]+$/.test(e.name))
  let kind: BinaryKind
  let executable: ZipListing | undefined
  if (expected.kind === 'extension' || (expected.kind === undefined && !bootstrap)) {
    kind = 'extension'
    executable =
      expected.bin !== undefined
        ? extensions.find((e) => e.name === `extensions/${expected.bin}`)
        : extensions.length === 1
          ? extensions[0]
          : undefined
    if (executable === undefined) {
      return {
        error:
          expected.kind === 'extension'
            ? `has no 'extensions/${expected.bin ?? '<name>'}' entry, so Lambda would not find the extension.`
            : `has no 'bootstrap' at its root (and no single 'extensions/<name>' entry), so Lambda would fail with Runtime.InvalidEntrypoint. Deploy the zips this action built (bootstrap.zip).`,
      }
    }
  } else {
    kind = 'function'
    executable = bootstrap
    if (executable === undefined) {
      return {
        error:
          "has no 'bootstrap' at its root, so Lambda would fail with Runtime.InvalidEntrypoint. Deploy the zips this action built (bootstrap.zip).",
      }
    }
  }
  const type = executable.mode & 0o170000
  if (type !== 0 && type !== 0o100000) {
    return { error: `holds '${executable.name}' as a link or special file, not a program.` }
  }
  if ((executable.mode & 0o111) === 0) {
    return {
      error: `holds '${executable.name}' without execute permission (mode ${(executable.mode & 0o7777).toString(8).padStart(4, '0')}): Lambda could not start it ("permission denied"). Zip it with mode 0755.`,
    }
  }
  return {
    kind,
    executable: executable.name,
    bin: kind === 'extension' ? executable.name.slice('extensions/'.length) : undefined,
  }
}

/** Loads and checks every zip of the source; throws naming every problem at once. */
export async function loadArtifacts(
  config: Config,
  source: ArtifactSource,
  scratch: string = scratchFolder(),
): Promise<Artifact[]> {
  return core.group('Zips from earlier runs (deploy-only)', async () => {
    const notes: string[] = []
    const all =
      source.kind === 'records'
        ? fromRecords(source.records)
        : scanFolder(source.path, config.artifact.name, notes)
    for (const n of notes) core.info(inert(n))
    const candidates =
      config.binaries.length === 0
        ? all
        : all.filter((c) => c.bin === undefined || config.binaries.includes(c.bin))
    const twins = twinBinaries(candidates)
    if (twins.length > 0) throw new PackageError(twins.join('\n'))
    const artifacts: Artifact[] = []
    const errors: string[] = []
    for (const c of candidates) {
      const result = await loadOne(config, c, scratch)
      if (typeof result === 'string') errors.push(result)
      else artifacts.push(result)
    }
    const missing = config.binaries.filter((b) => !artifacts.some((a) => a.bin === b))
    if (errors.length === 0 && missing.length > 0) {
      errors.push(
        `'${Inputs.Binaries}' names ${missing.join(', ')}, which ${Inputs.FromArtifacts} does not hold (it holds ${artifacts.map((a) => a.bin).join(', ') || 'no zip'}).`,
      )
    }
    if (errors.length === 0 && artifacts.length === 0) {
      throw new InputError(
        Inputs.FromArtifacts,
        source.kind === 'folder' ? source.path : '(JSON)',
        `holds no zip to deploy${notes.length > 0 ? ` (${notes.join(' ')})` : ''}. Download the artifacts the build uploaded, into this folder.`,
      )
    }
    if (errors.length > 0) throw new PackageError(errors.join('\n'))
    return artifacts
  })
}

/** Reads, checks and describes one zip; a string is the problem found. */
async function loadOne(
  config: Config,
  c: ZipCandidate,
  scratch: string,
): Promise<Artifact | string> {
  let zip: Buffer
  try {
    zip = await fs.promises.readFile(c.zipPath)
  } catch {
    return `${c.origin}: ${c.zipPath} does not exist on this runner. The 'artifacts' output names files on the runner that built them: in another job, download the artifacts and give '${Inputs.FromArtifacts}' their folder.`
  }
  const digest = createHash('sha256').update(zip).digest()
  const sha256 = digest.toString('hex')
  if (c.sha256 !== undefined && c.sha256 !== sha256) {
    return `${c.origin}: ${c.zipPath} has SHA-256 ${sha256}, not the ${c.sha256} the build recorded: the zip changed since it was built.`
  }
  let listing
  try {
    listing = await readZip(zip, (name) => name === 'bootstrap' || name.startsWith('extensions/'))
  } catch (e) {
    return `${c.origin}: ${c.zipPath} is not a readable zip (${(e as Error).message}).`
  }
  const shape = classifyZip(listing.entries, c)
  if ('error' in shape) return `${c.origin}: ${path.basename(c.zipPath)} ${shape.error}`
  const bin = c.bin ?? shape.bin ?? (config.binaries.length === 1 ? config.binaries[0] : undefined)
  if (bin === undefined) {
    return `${c.origin}: cannot tell which binary ${path.basename(c.zipPath)} holds. Name the artifacts with {bin} in 'artifact-name' (the default '{bin}-{arch}' does), or set 'binaries' to its name.`
  }
  const executable = listing.contents.get(shape.executable) ?? Buffer.alloc(0)
  const architecture = c.architecture ?? config.architecture
  const target = c.target ?? `${ArchitectureTriple[architecture]}.${RuntimeGlibc[config.runtime]}`
  let elf
  try {
    elf = parseElf(executable)
  } catch (e) {
    if (!(e instanceof ElfError)) throw e
    return `${c.origin}: '${shape.executable}' is ${e.message}, not a Linux executable.`
  }
  const unzippedSize = listing.entries.reduce((n, e) => n + e.size, 0)
  const outcome = checkArtifact(
    { bin, kind: shape.kind, elf, zipSize: zip.length, unzippedSize },
    {
      architecture,
      glibc: glibcFloor(target, config),
      directUpload: config.deploy !== undefined && config.deploy.s3Bucket === undefined,
      sizeLimit: config.sizeLimit,
    },
  )
  for (const w of outcome.warnings) core.warning(w)
  if (outcome.errors.length > 0) return outcome.errors.map((e) => `${c.origin}: ${e}`).join('\n')

  // The executable beside the zip's copy, so the `artifacts` output names a real binary path.
  const binaryPath = path.join(scratch, bin, path.basename(shape.executable))
  await fs.promises.mkdir(path.dirname(binaryPath), { recursive: true })
  await fs.promises.writeFile(binaryPath, executable, { mode: 0o755 })
  core.info(
    `${bin} (${c.origin}): ${elf.machine}, ${elf.glibcRequired ? `needs GLIBC_${elf.glibcRequired}` : 'no glibc symbols'}, zip ${formatBytes(zip.length)} -> ${inert(c.zipPath)}, code-sha256 ${digest.toString('base64')}`,
  )
  return {
    bin,
    kind: shape.kind,
    architecture,
    target,
    zipPath: c.zipPath,
    binaryPath,
    binarySize: executable.length,
    zipSize: zip.length,
    unzippedSize,
    sha256,
    codeSha256: digest.toString('base64'),
    glibcRequired: elf.glibcRequired,
  }
}

/** A fresh folder under RUNNER_TEMP for the executables read out of the zips. */
function scratchFolder(): string {
  const base = path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'rust-lambda-action')
  fs.mkdirSync(base, { recursive: true })
  return fs.mkdtempSync(path.join(base, 'from-artifacts-'))
}

/** The glibc the zip must not need more of: its target's suffix, else the runtime's floor (gnu). */
function glibcFloor(target: string, config: Pick<Config, 'runtime'>): string | undefined {
  const m = /^[a-z0-9_]+-unknown-linux-(gnu|musl)(?:\.(2\.\d+))?$/.exec(target)
  if (m?.[1] === 'musl') return undefined
  return m?.[2] ?? RuntimeGlibc[config.runtime]
}
