import { describe, expect, it } from 'vitest'
import { Inputs } from '../../src/constants.js'
import { releaseTrust } from '../../src/tools/release-asset.js'
import { sccacheAsset } from '../../src/tools/releases.js'
import { parseSccacheVersion } from '../../src/tools/sccache.js'

describe('sccacheAsset', () => {
  it('names the release asset and its top folder, with the published checksum pinned', () => {
    expect(sccacheAsset('0.16.0', { os: 'linux', arch: 'x64' }, undefined)).toEqual({
      url: 'https://github.com/mozilla/sccache/releases/download/v0.16.0/sccache-v0.16.0-x86_64-unknown-linux-musl.tar.gz',
      file: 'sccache-v0.16.0-x86_64-unknown-linux-musl.tar.gz',
      folder: 'sccache-v0.16.0-x86_64-unknown-linux-musl',
      target: 'x86_64-unknown-linux-musl',
      pinnedSha256: 'aec995a83ad3dff3d14b6314e08858b7b73d35ca85a5bcf3d3a9ec07dee35588',
      pinnedContent: undefined,
    })
    expect(sccacheAsset('0.16.0', { os: 'linux', arch: 'arm64' }, undefined).pinnedSha256).toBe(
      'f73a5c39f96bb6ebb89cc7915cf182260d4cbf30765322c5e793d0fe8bd80784',
    )
  })

  it('fills a mirror template; an unpinned asset is verified by the .sha256 file beside it', () => {
    const asset = sccacheAsset(
      '0.17.0',
      { os: 'darwin', arch: 'arm64' },
      'https://m.example/sccache/{version}/sccache-v{version}-{target}.tar.gz',
    )
    expect(asset.url).toBe(
      'https://m.example/sccache/0.17.0/sccache-v0.17.0-aarch64-apple-darwin.tar.gz',
    )
    expect(asset.folder).toBe('sccache-v0.17.0-aarch64-apple-darwin')
    expect(releaseTrust(undefined, asset, Inputs.SccacheSha256)).toEqual({
      kind: 'sidecar',
      url: 'https://m.example/sccache/0.17.0/sccache-v0.17.0-aarch64-apple-darwin.tar.gz.sha256',
    })
    expect(releaseTrust('cd'.repeat(32), asset, Inputs.SccacheSha256)).toEqual({
      kind: 'sha256',
      sha256: 'cd'.repeat(32),
      source: "the 'sccache-sha256' input",
    })
  })
})

describe('parseSccacheVersion', () => {
  it('reads what `sccache --version` prints', () => {
    expect(parseSccacheVersion('sccache 0.16.0\n')).toBe('0.16.0')
    expect(parseSccacheVersion('error: unexpected argument')).toBeUndefined()
  })
})
