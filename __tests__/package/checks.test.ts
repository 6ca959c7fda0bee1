import { describe, expect, it } from 'vitest'
import { checkArtifact, DirectUploadLimit, type Limits } from '../../src/package/checks.js'
import type { ElfInfo } from '../../src/package/elf.js'

const elf = (machine: ElfInfo['machine'], glibc: string | undefined): ElfInfo => ({
  machine,
  machineCode: machine === 'aarch64' ? 183 : machine === 'x86-64' ? 62 : 40,
  glibcVersions: glibc ? [glibc] : [],
  glibcRequired: glibc,
  dynamic: glibc !== undefined,
})
const ok = { bin: 'api', kind: 'function' as const, zipSize: 1000, unzippedSize: 3000 }
const limits: Limits = {
  architecture: 'arm64',
  glibc: '2.34',
  directUpload: true,
  sizeLimit: undefined,
}

describe('artifact checks', () => {
  it('a right binary passes', () => {
    expect(checkArtifact({ ...ok, elf: elf('aarch64', '2.34') }, limits)).toEqual({
      errors: [],
      warnings: [],
    })
    expect(
      checkArtifact({ ...ok, elf: elf('x86-64', undefined) }, { ...limits, architecture: 'x86_64' })
        .errors,
    ).toEqual([])
  })

  it('the wrong machine names the function, both machines and the Lambda symptom', () => {
    const r = checkArtifact({ ...ok, elf: elf('x86-64', '2.17') }, limits)
    expect(r.errors).toEqual([
      `Function 'api': the binary is x86-64, but architecture arm64 needs aarch64; Lambda would fail with "exec format error". Check 'target' and any --target in 'cargo-args'.`,
    ])
    expect(checkArtifact({ ...ok, elf: elf('other', undefined) }, limits).errors[0]).toContain(
      'ELF machine 40',
    )
  })

  it('a glibc newer than the floor fails (compared as versions, not strings)', () => {
    const r = checkArtifact({ ...ok, elf: elf('aarch64', '2.34') }, { ...limits, glibc: '2.26' })
    expect(r.errors[0]).toContain(
      `Function 'api': the binary needs GLIBC_2.34, newer than the runtime's glibc 2.26`,
    )
    expect(
      checkArtifact({ ...ok, elf: elf('aarch64', '2.9') }, { ...limits, glibc: '2.26' }).errors,
    ).toEqual([])
    // no floor (musl or no suffix): nothing to compare
    expect(
      checkArtifact({ ...ok, elf: elf('aarch64', '2.99') }, { ...limits, glibc: undefined }).errors,
    ).toEqual([])
  })

  it('sizes: direct upload, unzipped, size-limit; over 50 MiB only warns when not uploading directly', () => {
    const big = {
      ...ok,
      kind: 'extension' as const,
      elf: elf('aarch64', '2.17'),
      zipSize: DirectUploadLimit + 1,
    }
    const direct = checkArtifact(big, limits)
    expect(direct.errors).toEqual([
      `Extension 'api': zip size 50.00 MiB is over the 50.00 MiB Lambda accepts in a direct upload; set 's3-bucket' to deploy through S3.`,
    ])
    const viaS3 = checkArtifact(big, { ...limits, directUpload: false })
    expect(viaS3.errors).toEqual([])
    expect(viaS3.warnings).toHaveLength(1)
    const unzipped = checkArtifact({ ...big, zipSize: 10, unzippedSize: 300 * 1024 * 1024 }, limits)
    expect(unzipped.errors[0]).toContain(
      `unzipped size 300.00 MiB is over Lambda's limit of 250.00 MiB`,
    )
    const limited = checkArtifact(
      { ...ok, elf: elf('aarch64', '2.17'), zipSize: 2048 },
      { ...limits, sizeLimit: 1024 },
    )
    expect(limited.errors).toEqual([
      `Function 'api': zip size 2.0 KiB (2048 bytes) is over 'size-limit' 1.0 KiB (1024 bytes).`,
    ])
  })
})
