import { describe, expect, it } from 'vitest'
import {
  cargoLambdaAsset,
  parseSha256Sidecar,
  zigAsset,
  zigCommunityMirrors,
  zigUrls,
} from '../../src/tools/releases.js'

const linuxX64 = { os: 'linux', arch: 'x64' } as const
const linuxArm = { os: 'linux', arch: 'arm64' } as const
const macArm = { os: 'darwin', arch: 'arm64' } as const

describe('zigAsset', () => {
  it('uses zig-{os}-{arch}-{V} up to 0.14.0', () => {
    expect(zigAsset('0.14.0', linuxX64).file).toBe('zig-linux-x86_64-0.14.0.tar.xz')
    expect(zigAsset('0.11.0', macArm).file).toBe('zig-macos-aarch64-0.11.0.tar.xz')
  })

  it('uses zig-{arch}-{os}-{V} from 0.14.1', () => {
    expect(zigAsset('0.14.1', linuxX64).file).toBe('zig-x86_64-linux-0.14.1.tar.xz')
    const a = zigAsset('0.15.2', linuxArm)
    expect(a.file).toBe('zig-aarch64-linux-0.15.2.tar.xz')
    expect(a.folder).toBe('zig-aarch64-linux-0.15.2')
  })

  it('knows the pinned checksum of released versions, and none for others', () => {
    expect(zigAsset('0.15.2', linuxX64).pinnedSha256).toBe(
      '02aa270f183da276e5b5920b1dac44a63f1a49e55050ebde3aecc9eb82f93239',
    )
    expect(zigAsset('0.14.0', linuxArm).pinnedSha256).toBe(
      'ab64e3ea277f6fc5f3d723dcd95d9ce1ab282c8ed0f431b4de880d30df891e4f',
    )
    expect(zigAsset('0.11.0', linuxX64).pinnedSha256).toBeUndefined()
  })

  it('refuses runners it has no build for', () => {
    expect(() => zigAsset('0.15.2', { os: 'win32', arch: 'x64' })).toThrow(/Linux and macOS/)
    expect(() => zigAsset('0.15.2', { os: 'linux', arch: 'riscv64' })).toThrow(/riscv64/)
  })
})

describe('zigUrls', () => {
  const asset = zigAsset('0.15.2', linuxX64)

  it('uses only the zig-mirror input when given', () => {
    expect(zigUrls(asset, '0.15.2', 'https://mirror.example/zig/', (x) => [...x])).toEqual([
      'https://mirror.example/zig/zig-x86_64-linux-0.15.2.tar.xz',
    ])
  })

  it('tries the community mirrors in shuffled order, then ziglang.org last', () => {
    const reversed = <T>(x: readonly T[]): T[] => [...x].reverse()
    const urls = zigUrls(asset, '0.15.2', undefined, reversed)
    expect(urls).toHaveLength(zigCommunityMirrors.length + 1)
    expect(urls[0]).toBe(
      `${zigCommunityMirrors.at(-1)}/zig-x86_64-linux-0.15.2.tar.xz?source=rust-lambda-action`,
    )
    expect(urls.at(-1)).toBe('https://ziglang.org/download/0.15.2/zig-x86_64-linux-0.15.2.tar.xz')
  })

  it('shuffles by default (all mirrors, each once)', () => {
    const urls = zigUrls(asset, '0.15.2', undefined)
    expect(new Set(urls.slice(0, -1).map((u) => u.split('/zig-x86_64')[0]))).toEqual(
      new Set(zigCommunityMirrors),
    )
  })
})

describe('cargoLambdaAsset', () => {
  it('defaults to the GitHub release asset for the runner', () => {
    const a = cargoLambdaAsset('1.9.2', linuxArm, undefined)
    expect(a.url).toBe(
      'https://github.com/cargo-lambda/cargo-lambda/releases/download/v1.9.2/cargo-lambda-v1.9.2.aarch64-unknown-linux-musl.tar.gz',
    )
    expect(a.file).toBe('cargo-lambda-v1.9.2.aarch64-unknown-linux-musl.tar.gz')
    expect(a.pinnedSha256).toBe('c3fd0a352bb439e4e84a09e5361ea333f7cdc58b0894105e93a33c43b867bc2d')
    expect(cargoLambdaAsset('1.9.2', macArm, undefined).target).toBe('aarch64-apple-darwin')
  })

  it('fills a cargo-lambda-url template, and uses a URL without placeholders as it is', () => {
    const t = cargoLambdaAsset('1.9.1', linuxX64, 'https://m.example/cl/{version}/{target}.tgz')
    expect(t.url).toBe('https://m.example/cl/1.9.1/x86_64-unknown-linux-musl.tgz')
    expect(t.file).toBe('x86_64-unknown-linux-musl.tgz')
    const fixed = cargoLambdaAsset('1.9.1', linuxX64, 'https://m.example/cargo-lambda.tar.gz')
    expect(fixed.url).toBe('https://m.example/cargo-lambda.tar.gz')
  })

  it('has no pinned checksum for versions the table does not know', () => {
    expect(cargoLambdaAsset('0.0.1', linuxX64, undefined).pinnedSha256).toBeUndefined()
  })
})

describe('parseSha256Sidecar', () => {
  const hex = 'AB'.repeat(32)
  it('reads `<hex>  <name>` and a bare hex digest', () => {
    expect(parseSha256Sidecar(`${hex}  cargo-lambda.tar.gz\n`)).toBe(hex.toLowerCase())
    expect(parseSha256Sidecar(`${hex}\n`)).toBe(hex.toLowerCase())
  })
  it('refuses anything else', () => {
    expect(parseSha256Sidecar('<html>not found</html>')).toBeUndefined()
    expect(parseSha256Sidecar('abc  file')).toBeUndefined()
  })
})
