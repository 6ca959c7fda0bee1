/**
 * Extensions as layers, in-process, the way run.ts chains the two stages (deployLayers, then
 * deployFunctions with the layer versions), with the real @aws-sdk clients against the local
 * Lambda emulator. Zips are real; the waits are shortened through the injected waiter and sleep.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DeployError } from '../../src/errors.js'
import { defaultDeps, deployFunctions, type DeployDeps } from '../../src/publish/deploy.js'
import { deployLayers, layersFailure } from '../../src/publish/layers.js'
import type { Artifact, DeployConfig, DeployOutcome, LayerOutcome } from '../../src/types.js'
import { deployConfig } from '../../test/support/deploy-config.js'
import { startLambdaEmulator, type LambdaEmulator } from '../../test/support/lambda-emulator.js'
import {
  S3RVER_CREDENTIALS,
  startS3Emulator,
  type S3Emulator,
} from '../../test/support/s3-emulator.js'
import { makeExtensionArtifact, makeZipArtifact } from '../../test/support/zips.js'

let lambda: LambdaEmulator
let s3: S3Emulator
let dir: string
const savedEnv = { ...process.env }

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-layers-'))
  s3 = await startS3Emulator(['layer-bucket'])
  lambda = await startLambdaEmulator({ s3Endpoint: s3.url, updateMs: 40 })
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    AWS_ENDPOINT_URL_S3: s3.url,
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    AWS_REGION: lambda.region,
    AWS_CONFIG_FILE: path.join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  })
})

afterAll(async () => {
  process.env = savedEnv
  await lambda.close()
  await s3.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

function testDeps(lines: string[] = []): DeployDeps {
  return defaultDeps({
    random: () => 0.5,
    sleep: () => Promise.resolve(),
    waiter: { minDelay: 0.01, maxDelay: 0.05, maxWaitTime: 5 },
    s3Client: (region) =>
      new S3Client({
        region,
        endpoint: s3.url,
        forcePathStyle: true,
        credentials: S3RVER_CREDENTIALS,
      }),
    info: (l) => lines.push(l),
    notice: (l) => lines.push(`NOTICE ${l}`),
  })
}

interface Release {
  layers: LayerOutcome[]
  deployments: DeployOutcome[]
  lines: string[]
}

/** What run.ts does: layers first, a failed layer stops the run, then the functions. */
async function release(cfg: DeployConfig, artifacts: Artifact[]): Promise<Release> {
  const lines: string[] = []
  const layers = await deployLayers(cfg, 'provided.al2023', artifacts, testDeps(lines))
  const failure = layersFailure(layers.outcomes)
  if (failure !== undefined) throw new DeployError(failure)
  const deployments = await deployFunctions(cfg, artifacts, {}, testDeps(lines), layers.attachments)
  return { layers: layers.outcomes, deployments, lines }
}

let n = 0
const fnZip = (bin: string, content: string): Promise<Artifact> =>
  makeZipArtifact(path.join(dir, `f${++n}`), bin, Buffer.from(content), 'x86_64')
const extZip = (
  bin: string,
  options: Parameters<typeof makeExtensionArtifact>[2] = {},
): Promise<Artifact> => makeExtensionArtifact(path.join(dir, `e${++n}`), bin, options)

/** A workspace of two functions and one extension, each function with layers of its own. */
async function workspace(
  prefix: string,
  extensionSalt = 'v1',
): Promise<{
  artifacts: Artifact[]
  cfg: DeployConfig
  other: string[]
}> {
  const other = [
    lambda.addLayerVersion({ name: `${prefix}-otel` }),
    lambda.addLayerVersion({ name: `${prefix}-secrets` }),
  ]
  lambda.addFunction({ name: `${prefix}-greet`, settings: { layers: other } })
  lambda.addFunction({ name: `${prefix}-count`, settings: { layers: [other[1] as string] } })
  const artifacts = [
    await fnZip('greet', `${prefix} greet`),
    await fnZip('count', `${prefix} count`),
    await extZip('audit', { salt: extensionSalt }),
  ]
  const cfg = deployConfig({
    functions: [
      { binary: 'greet', function: `${prefix}-greet` },
      { binary: 'count', function: `${prefix}-count` },
    ],
    layers: { name: `${prefix}-audit`, mappings: [], attach: true },
    publish: true,
    alias: 'live',
  })
  return { artifacts, cfg, other }
}

const layerArns = (fn: string): string[] => lambda.fn(fn).settings.layers

describe('extensions published as layers and attached', () => {
  it('first run: one layer version, both functions updated and holding it after their own layers', async () => {
    const { artifacts, cfg, other } = await workspace('first')
    const r = await release(cfg, artifacts)
    const v1 = `arn:aws:lambda:us-east-1:${lambda.account}:layer:first-audit:1`
    expect(r.layers).toEqual([
      expect.objectContaining({
        extension: 'audit',
        layer: 'first-audit',
        result: 'published',
        version: 1,
        layerVersionArn: v1,
        layerArn: `arn:aws:lambda:us-east-1:${lambda.account}:layer:first-audit`,
      }),
    ])
    expect(lambda.calls('layer:first-audit').PublishLayerVersion).toBe(1)
    expect(lambda.layer('first-audit')?.versions[0]).toMatchObject({
      compatibleArchitectures: ['x86_64'],
      compatibleRuntimes: ['provided.al2023'],
    })
    expect(r.deployments.map((d) => [d.function, d.result, d.version])).toEqual([
      ['first-greet', 'updated', '1'],
      ['first-count', 'updated', '1'],
    ])
    expect(layerArns('first-greet')).toEqual([...other, v1])
    expect(layerArns('first-count')).toEqual([other[1], v1])
    for (const fn of ['first-greet', 'first-count']) {
      const c = lambda.calls(fn)
      expect([c.UpdateFunctionCode, c.UpdateFunctionConfiguration]).toEqual([1, 1])
      // The published version carries both the code and the layer.
      expect(lambda.fn(fn).versions[0]?.settings.layers).toContain(v1)
    }
    // Attached after the code update and before the version was published.
    const order = lambda.requests
      .filter((q) => q.function === 'first-greet' && q.method !== 'GET')
      .map((q) => q.operation)
    expect(order).toEqual([
      'UpdateFunctionCode',
      'UpdateFunctionConfiguration',
      'PublishVersion',
      'CreateAlias',
    ])
  })

  it('unchanged rerun: no layer published and no write at all', async () => {
    const { artifacts, cfg } = await workspace('rerun')
    await release(cfg, artifacts)
    const writes = lambda.writes('rerun-greet') + lambda.writes('rerun-count')
    const layerWrites = lambda.writes('layer:rerun-audit')
    const again = await release(cfg, artifacts)
    expect(again.layers.map((l) => [l.result, l.version])).toEqual([['unchanged', 1]])
    expect(again.deployments.map((d) => d.result)).toEqual(['unchanged', 'unchanged'])
    expect(lambda.writes('layer:rerun-audit')).toBe(layerWrites)
    expect(lambda.writes('rerun-greet') + lambda.writes('rerun-count')).toBe(writes)
  })

  it('changed extension: version 2, and each function moves 1 -> 2 with one configuration write', async () => {
    const { artifacts, cfg, other } = await workspace('changed')
    await release(cfg, artifacts)
    const before = {
      greet: lambda.calls('changed-greet'),
      count: lambda.calls('changed-count'),
    }
    const changed = [
      artifacts[0] as Artifact,
      artifacts[1] as Artifact,
      await extZip('audit', { salt: 'v2' }),
    ]
    const r = await release(cfg, changed)
    const v2 = `arn:aws:lambda:us-east-1:${lambda.account}:layer:changed-audit:2`
    expect(r.layers.map((l) => [l.result, l.version])).toEqual([['published', 2]])
    expect(layerArns('changed-greet')).toEqual([...other, v2])
    expect(layerArns('changed-count')).toEqual([other[1], v2])
    for (const [fn, was] of [
      ['changed-greet', before.greet],
      ['changed-count', before.count],
    ] as const) {
      const now = lambda.calls(fn)
      expect(now.UpdateFunctionConfiguration - was.UpdateFunctionConfiguration).toBe(1)
      expect(now.UpdateFunctionCode - was.UpdateFunctionCode).toBe(0)
    }
    // The code did not change, the configuration did: a new version, and the alias on it.
    expect(r.deployments.map((d) => [d.result, d.version, d.alias])).toEqual([
      ['updated', '2', 'live'],
      ['updated', '2', 'live'],
    ])
    expect(lambda.fn('changed-greet').aliases.get('live')?.functionVersion).toBe('2')
  })

  it('a sixth layer is refused before any write, naming the function', async () => {
    const five = [1, 2, 3, 4, 5].map((i) => lambda.addLayerVersion({ name: `full-l${i}` }))
    lambda.addFunction({ name: 'full-greet', settings: { layers: five } })
    lambda.addFunction({ name: 'full-count' })
    const artifacts = [
      await fnZip('greet', 'full g'),
      await fnZip('count', 'full c'),
      await extZip('audit'),
    ]
    const cfg = deployConfig({
      functions: [
        { binary: 'greet', function: 'full-greet' },
        { binary: 'count', function: 'full-count' },
      ],
      layers: { name: 'full-audit', mappings: [], attach: true },
    })
    const attempt = release(cfg, artifacts)
    await expect(attempt).rejects.toThrow(DeployError)
    await expect(attempt).rejects.toThrow(
      /nothing was changed:\n- full-greet: it would use 6 layers and Lambda allows 5 per function/,
    )
    expect(lambda.writes('layer:full-audit')).toBe(0)
    expect(lambda.writes('full-greet') + lambda.writes('full-count')).toBe(0)
  })

  it('an extension built for another architecture is refused before any call', async () => {
    lambda.addFunction({ name: 'arch-greet' })
    const artifacts = [
      await fnZip('greet', 'arch g'),
      await extZip('audit', { architecture: 'x86_64', elfMachine: 'arm64' }),
    ]
    const cfg = deployConfig({
      functionName: 'arch-greet',
      layers: { name: 'arch-audit', mappings: [], attach: true },
    })
    const requests = lambda.requests.length
    const attempt = release(cfg, artifacts)
    await expect(attempt).rejects.toThrow(
      /Extension 'audit': 'extensions\/audit' is built for arm64, but its layer is published as compatible with x86_64/,
    )
    expect(lambda.requests.length).toBe(requests)
  })

  it('a zip without extensions/<name> 0755 is refused before any call', async () => {
    lambda.addFunction({ name: 'layout-greet' })
    const cfg = deployConfig({
      functionName: 'layout-greet',
      layers: { name: 'layout-audit', mappings: [], attach: false },
    })
    const requests = lambda.requests.length
    const wrongMode = [await fnZip('greet', 'l g'), await extZip('audit', { mode: 0o644 })]
    await expect(release(cfg, wrongMode)).rejects.toThrow(/has mode 100644 in the zip/)
    const wrongPlace = [await fnZip('greet', 'l g'), await extZip('audit', { entryName: 'audit' })]
    await expect(release(cfg, wrongPlace)).rejects.toThrow(/the zip has no 'extensions\/audit'/)
    expect(lambda.requests.length).toBe(requests)
  })

  it('dry run: publishes nothing, changes nothing, and says what it would do', async () => {
    const { artifacts, cfg } = await workspace('dry')
    const r = await release({ ...cfg, dryRun: true }, artifacts)
    expect(r.layers.map((l) => l.result)).toEqual(['dry-run'])
    expect(r.deployments.map((d) => d.result)).toEqual(['dry-run', 'dry-run'])
    expect(lambda.layer('dry-audit')).toBeUndefined()
    expect(lambda.calls('dry-greet').UpdateFunctionConfiguration).toBe(0)
    expect(r.lines).toContain(
      'layer dry-audit (us-east-1): would publish version 1 with audit (' +
        `${artifacts[2]?.codeSha256}, x86_64, provided.al2023) (dry run: nothing published)`,
    )
    expect(
      r.lines.some((l) =>
        /^dry-greet: would change the configuration: layers: .*dry-audit:\(new version\)/.test(l),
      ),
    ).toBe(true)
  })

  it('goes through S3 with s3-bucket, and without attach-layers leaves the functions alone', async () => {
    lambda.addFunction({ name: 's3-greet' })
    const artifacts = [await fnZip('greet', 's3 g'), await extZip('audit', { salt: 's3' })]
    const cfg = deployConfig({
      functionName: 's3-greet',
      s3Bucket: 'layer-bucket',
      layers: { name: 's3-audit', mappings: [], attach: false },
    })
    const r = await release(cfg, artifacts)
    expect(r.layers.map((l) => l.result)).toEqual(['published'])
    expect(lambda.layer('s3-audit')?.versions[0]?.s3Source).toEqual({
      bucket: 'layer-bucket',
      key: `rust-lambda-action/layers/s3-audit/${artifacts[1]?.sha256}.zip`,
    })
    expect(lambda.calls('s3-greet').UpdateFunctionConfiguration).toBe(0)
    expect(layerArns('s3-greet')).toEqual([])
  })

  it('layers only: an extension-only build publishes its layer without any function', async () => {
    const cfg = deployConfig({ layers: { name: 'solo-audit', mappings: [], attach: false } })
    const r = await release(cfg, [await extZip('audit', { salt: 'solo' })])
    expect(r.layers.map((l) => [l.layer, l.result, l.version])).toEqual([
      ['solo-audit', 'published', 1],
    ])
    expect(r.deployments).toEqual([])
  })
})
