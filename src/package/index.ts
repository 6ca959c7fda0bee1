/** Packages each built binary as a reproducible zip and checks it. */
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as core from '@actions/core'
import type { BuildResult } from '../build/index.js'
import { PackageError } from '../errors.js'
import type { Artifact, BuiltBinary, Config } from '../types.js'
import { formatBytes } from '../util/format.js'
import { checkArtifact } from './checks.js'
import { ElfError, readElf } from './elf.js'
import { artifactNames } from './names.js'
import { includeEntries } from './include.js'
import { writeZip, zipEntries, zipTimestamp } from './zip.js'
import { inert } from '../log.js'

/** Where the zip of a binary goes: beside it, named as cargo-lambda names its own zips. */
export function zipPathFor(binary: Pick<BuiltBinary, 'bin' | 'kind' | 'binaryPath'>): string {
  return binary.kind === 'extension'
    ? path.join(path.dirname(binary.binaryPath), `${binary.bin}.zip`)
    : path.join(path.dirname(binary.binaryPath), 'bootstrap.zip')
}

export async function packageFunctions(config: Config, build: BuildResult): Promise<Artifact[]> {
  return core.group('Package and check', async () => {
    const mtime = zipTimestamp(process.env.SOURCE_DATE_EPOCH)
    const includes = includeEntries(config.include, config.workingDirectory)
    const artifacts: Artifact[] = []
    const errors: string[] = []
    for (const binary of build.binaries) {
      let elf
      try {
        elf = await readElf(binary.binaryPath)
      } catch (e) {
        if (!(e instanceof ElfError)) throw e
        errors.push(
          `${binary.kind === 'extension' ? 'Extension' : 'Function'} '${binary.bin}': ${binary.binaryPath} is ${e.message}, not a Linux executable.`,
        )
        continue
      }
      const zipPath = zipPathFor(binary)
      const entries = zipEntries(binary.kind, binary.bin, binary.binaryPath, includes)
      const unzippedSize = await writeZip(zipPath, entries, mtime)
      const zip = await fs.promises.readFile(zipPath)
      const digest = createHash('sha256').update(zip).digest()
      const artifact: Artifact = {
        bin: binary.bin,
        kind: binary.kind,
        architecture: binary.target.architecture,
        target: binary.target.cargoTarget,
        zipPath,
        binaryPath: binary.binaryPath,
        binarySize: (await fs.promises.stat(binary.binaryPath)).size,
        zipSize: zip.length,
        unzippedSize,
        sha256: digest.toString('hex'),
        codeSha256: digest.toString('base64'),
        glibcRequired: elf.glibcRequired,
      }
      const outcome = checkArtifact(
        { bin: binary.bin, kind: binary.kind, elf, zipSize: zip.length, unzippedSize },
        {
          architecture: binary.target.architecture,
          glibc: binary.target.glibc,
          directUpload: config.deploy !== undefined && config.deploy.s3Bucket === undefined,
          sizeLimit: config.sizeLimit,
        },
      )
      for (const w of outcome.warnings) core.warning(w)
      errors.push(...outcome.errors)
      core.info(
        `${artifact.bin}: ${elf.machine}, ${elf.glibcRequired ? `needs GLIBC_${elf.glibcRequired}` : 'no glibc symbols'}` +
          `${binary.target.glibc ? ` (floor ${binary.target.glibc})` : ''}, binary ${formatBytes(artifact.binarySize)}, ` +
          `zip ${formatBytes(artifact.zipSize)} -> ${inert(zipPath)}, code-sha256 ${artifact.codeSha256}`,
      )
      artifacts.push(artifact)
    }
    if (errors.length > 0) throw new PackageError(errors.join('\n'))
    // A bad artifact-name template fails here, before anything is deployed.
    if (config.artifact.upload) artifactNames(config.artifact.name, artifacts)
    return artifacts
  })
}
