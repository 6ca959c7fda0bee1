import { describe, expect, it } from 'vitest'
import type { Layer } from '../../../src/package/image/layer.js'
import {
  assembleImage,
  bootstrapPathFor,
  MediaType,
  pickPlatform,
  type BaseImage,
  type ImageIndex,
} from '../../../src/package/image/oci.js'

const d = (c: string): string => `sha256:${c.repeat(64)}`
const json = (b: Buffer): Record<string, unknown> =>
  JSON.parse(b.toString()) as Record<string, unknown>
const layer: Layer = { blob: Buffer.from('x'), digest: d('f'), size: 123, diffId: d('e') }

const index: ImageIndex = {
  schemaVersion: 2,
  manifests: [
    {
      mediaType: MediaType.OciManifest,
      digest: d('1'),
      size: 1,
      platform: { os: 'linux', architecture: 'amd64' },
    },
    {
      mediaType: MediaType.OciManifest,
      digest: d('2'),
      size: 1,
      platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
    },
    {
      mediaType: MediaType.OciManifest,
      digest: d('3'),
      size: 1,
      platform: { os: 'unknown', architecture: 'unknown' },
    },
  ],
}

const base = (over: Partial<BaseImage> = {}): BaseImage => ({
  manifest: {
    schemaVersion: 2,
    mediaType: MediaType.OciManifest,
    config: { mediaType: MediaType.OciConfig, digest: d('c'), size: 10 },
    layers: [{ mediaType: MediaType.OciLayerGzip, digest: d('a'), size: 1000 }],
  },
  manifestMediaType: MediaType.OciManifest,
  digest: d('b'),
  name: 'public.ecr.aws/lambda/provided:al2023',
  config: {
    architecture: 'arm64',
    os: 'linux',
    config: {
      Env: ['PATH=/usr/bin', 'LAMBDA_RUNTIME_DIR=/var/runtime'],
      Entrypoint: ['/lambda-entrypoint.sh'],
      WorkingDir: '/var/task',
    },
    rootfs: { type: 'layers', diff_ids: [d('9')] },
    history: [{ created_by: 'base' }],
  },
  ...over,
})

describe('pickPlatform', () => {
  it("picks the Lambda architecture's linux manifest and never an attestation", () => {
    expect(pickPlatform(index, 'arm64')).toEqual({ descriptor: index.manifests[1] })
    expect(pickPlatform(index, 'x86_64')).toEqual({ descriptor: index.manifests[0] })
  })
  it('lists what the index has when the platform is missing', () => {
    const only = { schemaVersion: 2 as const, manifests: index.manifests.slice(0, 1) }
    expect(pickPlatform(only, 'arm64')).toEqual({ available: ['linux/amd64'] })
  })
})

describe('assembleImage', () => {
  it("keeps the base's entrypoint, runs bootstrap through it, and appends one layer", () => {
    const image = assembleImage(base(), layer, bootstrapPathFor(base().config), 315_532_800)
    const config = json(image.config)
    expect(config.config).toEqual({
      Env: ['PATH=/usr/bin', 'LAMBDA_RUNTIME_DIR=/var/runtime'],
      Entrypoint: ['/lambda-entrypoint.sh'],
      Cmd: ['bootstrap'],
      WorkingDir: '/var/task',
    })
    expect(config).toMatchObject({
      rootfs: { diff_ids: [d('9'), d('e')] },
      created: '1980-01-01T00:00:00.000Z',
    })
    expect(config.history).toHaveLength(2)
    const manifest = json(image.manifest)
    expect(manifest).toMatchObject({
      mediaType: MediaType.OciManifest,
      layers: [{ digest: d('a') }, { digest: d('f'), size: 123 }],
      annotations: { 'org.opencontainers.image.base.digest': d('b') },
    })
    expect(image.size).toBe(image.config.length + 1000 + 123)
    // Same inputs, same bytes.
    expect(assembleImage(base(), layer, '/var/runtime/bootstrap', 315_532_800).digest).toBe(
      image.digest,
    )
  })

  it('keeps a Docker schema 2 base in the Docker family', () => {
    const docker = base({ manifestMediaType: MediaType.DockerManifest })
    const manifest = json(assembleImage(docker, layer, '/var/runtime/bootstrap', 0).manifest)
    expect(manifest).toMatchObject({
      mediaType: MediaType.DockerManifest,
      config: { mediaType: MediaType.DockerConfig },
      layers: [{}, { mediaType: MediaType.DockerLayerGzip }],
    })
    expect(manifest.annotations).toBeUndefined()
  })

  it('makes bootstrap the entrypoint of a base that has none', () => {
    const plain = base({
      config: { architecture: 'arm64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } },
    })
    const path = bootstrapPathFor(plain.config)
    expect(path).toBe('/var/runtime/bootstrap')
    const config = json(assembleImage(plain, layer, path, 0).config)
    expect(config.config).toEqual({ Entrypoint: ['/var/runtime/bootstrap'], Cmd: null })
    expect(config.history).toBeUndefined()
  })

  it("puts bootstrap in the base's LAMBDA_RUNTIME_DIR", () => {
    expect(bootstrapPathFor({ config: { Env: ['LAMBDA_RUNTIME_DIR=/opt/rt/'] } })).toBe(
      '/opt/rt/bootstrap',
    )
  })
})
