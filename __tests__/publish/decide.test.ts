/**
 * decideDeploy: what one function's deploy does, from what GetFunction returned. Each case is
 * something a user sees: the function left alone, its code or configuration updated (inline, from
 * S3, as an image), its architecture switched, a version published, the alias checked, a refusal.
 */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda'
import { describe, expect, it } from 'vitest'
import { decideDeploy, serves, type DeployOptions } from '../../src/publish/decide.js'
import type { Artifact } from '../../src/types.js'

const ours: Artifact = {
  bin: 'api',
  kind: 'function',
  architecture: 'arm64',
  target: 'aarch64-unknown-linux-gnu.2.34',
  zipPath: 'api.zip',
  binaryPath: 'bootstrap',
  binarySize: 1000,
  zipSize: 500,
  unzippedSize: 1000,
  sha256: 'ab'.repeat(32),
  codeSha256: 'OURS=',
}
const same: FunctionConfiguration = {
  CodeSha256: 'OURS=',
  Architectures: ['arm64'],
  PackageType: 'Zip',
  LastUpdateStatus: 'Successful',
  MemorySize: 128,
  Timeout: 3,
}
const options: DeployOptions = {
  function: 'api-fn',
  region: 'eu-west-1',
  upload: 'inline',
  configuration: {},
  layers: undefined,
  force: false,
  publish: false,
  alias: undefined,
}
const layer = (name: string, version: number): string =>
  `arn:aws:lambda:eu-west-1:123456789012:layer:${name}:${version}`

describe('decideDeploy', () => {
  it.each<[string, FunctionConfiguration, Partial<DeployOptions>, unknown]>([
    [
      'same code, nothing asked: left alone',
      same,
      {},
      { kind: 'unchanged', check: { kind: 'none' } },
    ],
    [
      'same code, publishing: a published version must hold it',
      same,
      { publish: true },
      { kind: 'unchanged', check: { kind: 'published-version' } },
    ],
    [
      'same code with an alias: the alias must serve it',
      same,
      { publish: true, alias: 'live' },
      { kind: 'unchanged', check: { kind: 'alias', alias: 'live' } },
    ],
    [
      'new code: updated inline',
      { ...same, CodeSha256: 'OLD=' },
      {},
      {
        kind: 'update',
        code: { via: 'inline', architecture: undefined },
        configure: undefined,
        publish: false,
      },
    ],
    [
      'new code through S3, then published',
      { ...same, CodeSha256: 'OLD=' },
      { upload: 's3', publish: true, alias: 'live' },
      { kind: 'update', code: { via: 's3', architecture: undefined }, publish: true },
    ],
    [
      'same hash on x86_64 (no Architectures): the architecture switches',
      { ...same, Architectures: undefined },
      {},
      { kind: 'update', code: { via: 'inline', architecture: { from: 'x86_64', to: 'arm64' } } },
    ],
    [
      'same code after a failed update: updated again',
      { ...same, LastUpdateStatus: 'Failed' },
      {},
      { kind: 'update', code: { via: 'inline' } },
    ],
    [
      'force: same code updated anyway',
      same,
      { force: true },
      { kind: 'update', code: { via: 'inline' } },
    ],
  ])('%s', (_, current, given, expected) => {
    expect(decideDeploy(current, ours, { ...options, ...given })).toMatchObject(expected as object)
  })

  it('same code and another memory size: only the configuration changes', () => {
    const d = decideDeploy(same, ours, { ...options, configuration: { memorySize: 256 } })
    expect(d).toMatchObject({ kind: 'update', code: undefined })
    expect(d.kind === 'update' && d.configure?.changes).toEqual(['memory-size 128 -> 256 MB'])
  })

  it('an image to an image function goes by image; a zip to an image function is refused', () => {
    const imageFn = { ...same, PackageType: 'Image' as const, CodeSha256: 'OLD=' }
    expect(decideDeploy(imageFn, ours, { ...options, upload: 'image' })).toMatchObject({
      kind: 'update',
      code: { via: 'image' },
    })
    const zipToImage = decideDeploy(imageFn, ours, options)
    expect(zipToImage.kind).toBe('refuse')
    expect(zipToImage.kind === 'refuse' && zipToImage.message).toContain(
      "Function 'api-fn' in eu-west-1 is a container image function",
    )
    const imageToZip = decideDeploy(same, ours, { ...options, upload: 'image' })
    expect(imageToZip.kind === 'refuse' && imageToZip.message).toContain(
      "Lambda cannot switch a function's package type",
    )
  })

  it("attach-layers: this run's layer version replaces the old one, and a sixth is refused", () => {
    const wish = {
      name: 'audit',
      region: 'eu-west-1',
      layerArn: layer('audit', 0).replace(/:0$/, ''),
      versionArn: layer('audit', 2),
    }
    const withOld = { ...same, Layers: [{ Arn: layer('otel', 7) }, { Arn: layer('audit', 1) }] }
    const d = decideDeploy(withOld, ours, { ...options, layers: [wish] })
    expect(d).toMatchObject({
      kind: 'update',
      code: undefined,
      configuration: { layers: [layer('otel', 7), layer('audit', 2)] },
    })
    const full = { ...same, Layers: [1, 2, 3, 4, 5].map((i) => ({ Arn: layer(`l${i}`, 1) })) }
    const refused = decideDeploy(full, ours, { ...options, layers: [wish] })
    expect(refused.kind === 'refuse' && refused.message).toContain(
      "Function 'api-fn' in eu-west-1: it would use 6 layers",
    )
  })
})

describe('serves', () => {
  it('a version serves the artifact when code, architecture and configuration all match', () => {
    expect(serves(same, ours, {})).toBe(true)
    expect(serves(same, ours, { timeout: 3 })).toBe(true)
    expect(serves(same, ours, { timeout: 30 })).toBe(false)
    expect(serves({ ...same, Architectures: ['x86_64'] }, ours, {})).toBe(false)
    expect(serves(undefined, ours, {})).toBe(false)
  })
})
