import { describe, expect, it } from 'vitest'
import { planProfile, parseProjectProfile } from '../../src/build/profile.js'
import { renderBuild } from '../../src/report/build.js'
import type { Artifact } from '../../src/types.js'

const artifact: Artifact = {
  bin: 'api',
  kind: 'function',
  architecture: 'arm64',
  target: 'aarch64-unknown-linux-gnu.2.26',
  zipPath: '/w/target/lambda/api/bootstrap.zip',
  binaryPath: '/w/target/lambda/api/bootstrap',
  binarySize: 2 * 1024 * 1024,
  zipSize: 900 * 1024,
  unzippedSize: 2 * 1024 * 1024,
  sha256: 'ab'.repeat(32),
  codeSha256: 'q80=',
  glibcRequired: '2.17',
}

describe('build summary', () => {
  it('a row per function, the profile keys with their source, notes, and the uploads', () => {
    const project = parseProjectProfile({
      manifest: { path: '/w/Cargo.toml', text: '[profile.release]\nopt-level = 3\n' },
      configFiles: [],
      env: {},
      triple: 'aarch64-unknown-linux-gnu',
      root: '/w',
    })
    const profile = planProfile('size', project, 'arm64')
    const md = renderBuild(
      { binaries: [], ms: 65_000, profile },
      [artifact],
      [{ name: 'api-arm64', bin: 'api', id: 7, size: 921_700 }],
    )
    expect(md).toContain('Built 0 binaries in 65.0 s.')
    expect(md).toContain(
      '| api | function | aarch64-unknown-linux-gnu.2.26 | 2.00 MiB | 900.0 KiB | 2.17 ≤ 2.26 ✓ | `q80=` |',
    )
    expect(md).toContain('| `opt-level` | `3` | project (Cargo.toml) |')
    expect(md).toContain('| `lto` | `true` | action |')
    expect(md).toContain('| api-arm64 | api | 900.1 KiB | 7 |')
  })

  it('nothing before the build ran; a static binary says so', () => {
    expect(renderBuild(undefined, undefined, undefined)).toBe('')
    const md = renderBuild(
      { binaries: [], ms: 10 },
      [{ ...artifact, glibcRequired: undefined }],
      [],
    )
    expect(md).toContain('none (static)')
    expect(md).not.toContain('#### Artifacts')
  })
})
