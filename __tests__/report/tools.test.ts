import { describe, expect, it } from 'vitest'
import { renderTools, toolProvenance } from '../../src/report/tools.js'
import type { Toolchain } from '../../src/types.js'

const toolchain: Toolchain = {
  rustToolchain: 'stable',
  rustcVersion:
    'rustc 1.95.0\ncommit-hash: 0123456789abcdef0123456789abcdef01234567\nrelease: 1.95.0\n',
  zigVersion: '0.15.2',
  zigPath: '/opt/hostedtoolcache/zig/0.15.2/x64/zig',
  cargoLambdaVersion: '1.9.2',
  cargoLambdaPath: '/opt/hostedtoolcache/cargo-lambda/1.9.2/x64/cargo-lambda',
  zigCacheDir: '/tmp/zig-cache',
  reports: [
    { name: 'rust', version: '1.95.0', source: 'preinstalled', detail: 'stable', ms: 85 },
    {
      name: 'zig',
      version: '0.15.2',
      source: 'download',
      detail: 'pkg.machengine.org, SHA-256 verified',
      checkedBy: 'fresh download',
      archiveSha256: 'ab'.repeat(32),
      ms: 11_300,
    },
    {
      name: 'cargo-lambda',
      version: '1.9.2',
      source: 'tool-cache',
      checkedBy: 'content pins',
      archiveSha256: 'cd'.repeat(32),
      ms: 52,
    },
  ],
}

describe('renderTools', () => {
  it('lists each tool, its version, where it came from, how it was checked, its hash and the time it took', () => {
    expect(renderTools(toolchain)).toBe(
      [
        '### Tools',
        '',
        '| tool | version | from | checked against | hash | time |',
        '| --- | --- | --- | --- | --- | --- |',
        '| rust | 1.95.0 | preinstalled (stable) |  | commit `0123456789abcdef0123456789abcdef01234567` | 85 ms |',
        `| zig | 0.15.2 | download (pkg.machengine.org, SHA-256 verified) | fresh download | SHA-256 \`${'ab'.repeat(32)}\` | 11.3 s |`,
        `| cargo-lambda | 1.9.2 | tool-cache | content pins | SHA-256 \`${'cd'.repeat(32)}\` | 52 ms |`,
      ].join('\n'),
    )
  })

  it('gives each tool its version and hash for the artifacts output', () => {
    expect(toolProvenance(toolchain)).toEqual({
      rust: { version: '1.95.0', commit: '0123456789abcdef0123456789abcdef01234567' },
      zig: { version: '0.15.2', sha256: 'ab'.repeat(32) },
      'cargo-lambda': { version: '1.9.2', sha256: 'cd'.repeat(32) },
    })
  })

  it('renders nothing before the tools stage ran', () => {
    expect(renderTools(undefined)).toBe('')
  })
})
