import { describe, expect, it } from 'vitest'
import { renderTools } from '../../src/report/tools.js'
import type { Toolchain } from '../../src/types.js'

const toolchain: Toolchain = {
  rustToolchain: 'stable',
  rustcVersion: 'rustc 1.95.0\nrelease: 1.95.0\n',
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
      ms: 11_300,
    },
    { name: 'cargo-lambda', version: '1.9.2', source: 'tool-cache', ms: 52 },
  ],
}

describe('renderTools', () => {
  it('lists each tool, its version, where it came from and the time it took', () => {
    expect(renderTools(toolchain)).toBe(
      [
        '### Tools',
        '',
        '| tool | version | from | time |',
        '| --- | --- | --- | --- |',
        '| rust | 1.95.0 | preinstalled (stable) | 85 ms |',
        '| zig | 0.15.2 | download (pkg.machengine.org, SHA-256 verified) | 11.3 s |',
        '| cargo-lambda | 1.9.2 | tool-cache | 52 ms |',
      ].join('\n'),
    )
  })

  it('renders nothing before the tools stage ran', () => {
    expect(renderTools(undefined)).toBe('')
  })
})
