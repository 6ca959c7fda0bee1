/**
 * The emulator's layers and function configuration, as strict as the API reference: the requests
 * a buggy client would send are refused the way Lambda refuses them (PublishLayerVersion,
 * GetLayerVersion, ListLayerVersions, UpdateFunctionConfiguration, API version 2015-03-31 and
 * the layer paths of 2018-10-31).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  codeSha256,
  manualClock,
  startLambdaEmulator,
  type LambdaEmulator,
} from '../../test/support/lambda-emulator.js'
import { zipBuffer } from '../../test/support/zips.js'

// The emulator's clock stands still between calls: the write right after an update always finds
// it in progress, and settled() moves the clock past it instead of waiting.
const UPDATE_MS = 1500
const clock = manualClock()
let emu: LambdaEmulator
const auth = `AWS4-HMAC-SHA256 Credential=AKIDTEST/20250101/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`

interface Answer {
  status: number
  type: string | null
  json: Record<string, unknown>
}

async function call(method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: auth },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return {
    status: res.status,
    type: res.headers.get('x-amzn-errortype'),
    json: (await res.json()) as Record<string, unknown>,
  }
}

const layerPath = (name: string, rest = ''): string => `/2018-10-31/layers/${name}/versions${rest}`
const configPath = (fn: string): string => `/2015-03-31/functions/${fn}/configuration`
const settled = (): Promise<void> => Promise.resolve(clock.pass(UPDATE_MS + 1))
let zipA: Buffer
let zipB: Buffer

beforeAll(async () => {
  emu = await startLambdaEmulator({ updateMs: UPDATE_MS, now: clock.now })
  zipA = await zipBuffer({ 'extensions/': '', 'extensions/a': 'a' })
  zipB = await zipBuffer({ 'extensions/': '', 'extensions/b': 'b' })
})
afterAll(() => emu.close())

describe('layers', () => {
  it('PublishLayerVersion makes a new version on every call, even for the same zip (201)', async () => {
    const body = {
      Content: { ZipFile: zipA.toString('base64') },
      CompatibleArchitectures: ['x86_64'],
      CompatibleRuntimes: ['provided.al2023'],
    }
    const one = await call('POST', layerPath('same-zip'), body)
    const two = await call('POST', layerPath('same-zip'), body)
    expect([one.status, two.status]).toEqual([201, 201])
    expect([one.json.Version, two.json.Version]).toEqual([1, 2])
    expect(two.json).toMatchObject({
      LayerArn: `arn:aws:lambda:us-east-1:${emu.account}:layer:same-zip`,
      LayerVersionArn: `arn:aws:lambda:us-east-1:${emu.account}:layer:same-zip:2`,
      CompatibleArchitectures: ['x86_64'],
      CompatibleRuntimes: ['provided.al2023'],
      Content: { CodeSha256: codeSha256(zipA), CodeSize: zipA.length },
    })
    expect(emu.calls('layer:same-zip').PublishLayerVersion).toBe(2)
  })

  it('GetLayerVersion answers the version with its CodeSha256; 404 for an unknown one', async () => {
    await call('POST', layerPath('get-me'), { Content: { ZipFile: zipB.toString('base64') } })
    const got = await call('GET', layerPath('get-me', '/1'))
    expect(got.status).toBe(200)
    expect((got.json.Content as Record<string, unknown>).CodeSha256).toBe(codeSha256(zipB))
    const missing = await call('GET', layerPath('get-me', '/2'))
    expect([missing.status, missing.type]).toEqual([404, 'ResourceNotFoundException'])
    const noLayer = await call('GET', layerPath('never-published', '/1'))
    expect(noLayer.status).toBe(404)
  })

  it('ListLayerVersions lists newest first in pages of MaxItems (1-50); an unknown layer lists none', async () => {
    for (let i = 0; i < 3; i++) {
      await call('POST', layerPath('listed'), {
        Content: { ZipFile: zipA.toString('base64') },
        CompatibleArchitectures: [i === 1 ? 'arm64' : 'x86_64'],
      })
    }
    const first = await call('GET', layerPath('listed', '?MaxItems=2'))
    const versions = first.json.LayerVersions as { Version: number }[]
    expect(versions.map((v) => v.Version)).toEqual([3, 2])
    const rest = await call(
      'GET',
      layerPath('listed', `?MaxItems=2&Marker=${String(first.json.NextMarker)}`),
    )
    expect((rest.json.LayerVersions as { Version: number }[]).map((v) => v.Version)).toEqual([1])
    expect(rest.json.NextMarker).toBeUndefined()
    const arm = await call('GET', layerPath('listed', '?CompatibleArchitecture=arm64'))
    expect((arm.json.LayerVersions as { Version: number }[]).map((v) => v.Version)).toEqual([2])
    expect((await call('GET', layerPath('listed', '?MaxItems=51'))).status).toBe(400)
    const none = await call('GET', layerPath('nothing-here'))
    expect([none.status, none.json]).toEqual([200, { LayerVersions: [] }])
  })

  it('refuses what the reference does not allow: names, content, architectures, unknown fields', async () => {
    const zip = zipA.toString('base64')
    const badName = await call('POST', layerPath('bad.name'), { Content: { ZipFile: zip } })
    expect([badName.status, badName.type]).toEqual([400, 'ValidationException'])
    const noContent = await call('POST', layerPath('l'), { Description: 'x' })
    expect(noContent.status).toBe(400)
    const both = await call('POST', layerPath('l'), {
      Content: { ZipFile: zip, S3Bucket: 'b', S3Key: 'k' },
    })
    expect([both.status, both.type]).toEqual([400, 'InvalidParameterValueException'])
    const arch = await call('POST', layerPath('l'), {
      Content: { ZipFile: zip },
      CompatibleArchitectures: ['x86_64', 'arm64', 'x86_64'],
    })
    expect([arch.status, arch.type]).toEqual([400, 'ValidationException'])
    const runtime = await call('POST', layerPath('l'), {
      Content: { ZipFile: zip },
      CompatibleRuntimes: ['provided.al2099'],
    })
    expect(runtime.status).toBe(400)
    const unknown = await call('POST', layerPath('l'), { Content: { Zipfile: zip } })
    expect([unknown.status, unknown.type]).toEqual([400, 'InvalidRequestContentException'])
    const notZip = await call('POST', layerPath('l'), {
      Content: { ZipFile: Buffer.from('not a zip').toString('base64') },
    })
    expect([notZip.status, notZip.type]).toEqual([400, 'InvalidParameterValueException'])
    expect(emu.layer('l')).toBeUndefined()
  })
})

describe('UpdateFunctionConfiguration', () => {
  it('sets Layers in the given order; GetFunction lists them with their sizes', async () => {
    const a = emu.addLayerVersion({ name: 'cfg-a', zip: zipA })
    const b = emu.addLayerVersion({ name: 'cfg-b', zip: zipB })
    emu.addFunction({ name: 'with-layers' })
    const r = await call('PUT', configPath('with-layers'), { Layers: [b, a] })
    expect(r.status).toBe(200)
    expect(r.json.LastUpdateStatus).toBe('InProgress')
    expect(r.json.Layers).toEqual([
      { Arn: b, CodeSize: zipB.length },
      { Arn: a, CodeSize: zipA.length },
    ])
    // A write while the update is in progress is refused (409), as for a code update.
    const busy = await call('PUT', configPath('with-layers'), { Layers: [a] })
    expect([busy.status, busy.type]).toEqual([409, 'ResourceConflictException'])
    await settled()
    const got = await call('GET', '/2015-03-31/functions/with-layers')
    const cfg = got.json.Configuration as Record<string, unknown>
    expect(cfg.LastUpdateStatus).toBe('Successful')
    expect((cfg.Layers as { Arn: string }[]).map((l) => l.Arn)).toEqual([b, a])
    expect(emu.calls('with-layers').UpdateFunctionConfiguration).toBe(2)
  })

  it('refuses a sixth layer, two versions of one layer, and a version that does not exist', async () => {
    const arns = [1, 2, 3, 4, 5, 6].map((i) => emu.addLayerVersion({ name: `six-${i}` }))
    emu.addFunction({ name: 'too-many' })
    const six = await call('PUT', configPath('too-many'), { Layers: arns })
    expect([six.status, six.type]).toEqual([400, 'InvalidParameterValueException'])
    expect(String(six.json.message)).toContain('more than 5 layers')
    const v2 = emu.addLayerVersion({ name: 'six-1' })
    const twice = await call('PUT', configPath('too-many'), { Layers: [arns[0], v2] })
    expect([twice.status, twice.type]).toEqual([400, 'InvalidParameterValueException'])
    const ghost = `arn:aws:lambda:us-east-1:${emu.account}:layer:six-1:99`
    const missing = await call('PUT', configPath('too-many'), { Layers: [ghost] })
    expect(String(missing.json.message)).toContain('does not exist')
    const notArn = await call('PUT', configPath('too-many'), { Layers: ['six-1:1'] })
    expect([notArn.status, notArn.type]).toEqual([400, 'ValidationException'])
    expect(emu.fn('too-many').settings.layers).toEqual([])
    expect(emu.fn('too-many').lastUpdateStatus).toBe('Successful')
  })

  it('checks RevisionId, and refuses fields it does not implement rather than ignore them', async () => {
    emu.addFunction({ name: 'strict-config' })
    const stale = await call('PUT', configPath('strict-config'), {
      MemorySize: 256,
      RevisionId: 'not-the-revision',
    })
    expect([stale.status, stale.type]).toEqual([412, 'PreconditionFailedException'])
    const vpc = await call('PUT', configPath('strict-config'), { VpcConfig: {} })
    expect(vpc.status).toBe(400)
    const unknown = await call('PUT', configPath('strict-config'), { Layer: [] })
    expect([unknown.status, unknown.type]).toEqual([400, 'InvalidRequestContentException'])
    expect(emu.fn('strict-config').settings.memorySize).toBe(128)
  })

  it('a published version keeps its layers; a layer change alone publishes a new version', async () => {
    const v1 = emu.addLayerVersion({ name: 'pinned' })
    const v2 = emu.addLayerVersion({ name: 'pinned' })
    const f = emu.addFunction({ name: 'versioned', settings: { layers: [v1] } })
    const p1 = await call('POST', '/2015-03-31/functions/versioned/versions', {})
    expect(p1.json.Version).toBe('1')
    await call('PUT', configPath('versioned'), { Layers: [v2], RevisionId: f.revisionId })
    await settled()
    const p2 = await call('POST', '/2015-03-31/functions/versioned/versions', {})
    expect(p2.json.Version).toBe('2')
    const old = await call('GET', '/2015-03-31/functions/versioned?Qualifier=1')
    expect((old.json.Configuration as { Layers: { Arn: string }[] }).Layers[0]?.Arn).toBe(v1)
    const again = await call('POST', '/2015-03-31/functions/versioned/versions', {})
    expect(again.json.Version).toBe('2')
  })
})
