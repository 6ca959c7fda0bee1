import { describe, expect, it } from 'vitest'
import { cargoLambdaTrust, parseCargoLambdaVersion } from '../../src/tools/cargo-lambda.js'
import { cargoLambdaAsset } from '../../src/tools/releases.js'

const linux = { os: 'linux', arch: 'x64' } as const

describe('cargoLambdaTrust', () => {
  it('prefers the input, then the pinned table, then the .sha256 file beside the asset', () => {
    const pinned = cargoLambdaAsset('1.9.2', linux, undefined)
    expect(cargoLambdaTrust('ee'.repeat(32), pinned)).toEqual({
      kind: 'sha256',
      sha256: 'ee'.repeat(32),
      source: "the 'cargo-lambda-sha256' input",
    })
    expect(cargoLambdaTrust(undefined, pinned)).toEqual({
      kind: 'sha256',
      sha256: 'b5c258c424ebaef39541c3641f33c51137ee6c426016f365628fedb2c737271d',
      source: 'the checksum pinned in the action',
    })
    const unknown = cargoLambdaAsset('0.0.1', linux, 'https://m.example/cl-{version}.tgz?x=1')
    expect(cargoLambdaTrust(undefined, unknown)).toEqual({
      kind: 'sidecar',
      url: 'https://m.example/cl-0.0.1.tgz.sha256?x=1',
    })
  })
})

describe('parseCargoLambdaVersion', () => {
  it('reads the version cargo lambda --version prints', () => {
    expect(parseCargoLambdaVersion('cargo-lambda 1.9.2 (abc123 2025-08-01Z)\n')).toBe('1.9.2')
    expect(parseCargoLambdaVersion('cargo-lambda 1.9.2 (stand-in)\n')).toBe('1.9.2')
    expect(parseCargoLambdaVersion('error: no such command: `lambda`')).toBeUndefined()
  })
})
