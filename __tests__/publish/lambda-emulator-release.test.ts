/**
 * The emulator's safe-release operations are as strict as Lambda's: CreateFunction,
 * UpdateFunctionConfiguration and alias RoutingConfig refuse what the API reference refuses, and
 * a configuration change is a new version's content. (Invoke runs a real bootstrap: see
 * __tests__/integration/verify.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  manualClock,
  startLambdaEmulator,
  type LambdaEmulator,
} from '../../test/support/lambda-emulator.js'
import { zipBuffer } from '../../test/support/zips.js'

let emu: LambdaEmulator
let zip: string
const auth = `AWS4-HMAC-SHA256 Credential=AKIDTEST/20250101/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`
const ROLE = 'arn:aws:iam::123456789012:role/exec'

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${emu.url}/2015-03-31/functions${path}`, {
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
// The emulator's update and Pending windows, on a clock that stands still between calls: the call
// right after a write always falls inside them (50 ms of real time did not on a loaded machine),
// and settle() moves the clock past them instead of waiting.
const WINDOW_MS = 1000
const clock = manualClock()
const settle = (): Promise<void> => Promise.resolve(clock.pass(WINDOW_MS + 1))

beforeAll(async () => {
  emu = await startLambdaEmulator({
    updateMs: WINDOW_MS,
    createPendingMs: WINDOW_MS,
    now: clock.now,
  })
  zip = (await zipBuffer({ bootstrap: 'x' })).toString('base64')
})
afterAll(() => emu.close())

const create = (over: Record<string, unknown> = {}) =>
  call('POST', '', {
    FunctionName: 'made',
    Role: ROLE,
    Runtime: 'provided.al2023',
    Handler: 'bootstrap',
    Code: { ZipFile: zip },
    ...over,
  })

describe('CreateFunction', () => {
  it('creates a Pending function that becomes Active, and refuses a second one of the same name', async () => {
    const first = await create({
      FunctionName: 'created',
      MemorySize: 256,
      Architectures: ['arm64'],
    })
    expect(first.status).toBe(201)
    expect(first.json).toMatchObject({
      State: 'Pending',
      MemorySize: 256,
      Timeout: 3,
      Architectures: ['arm64'],
    })
    await settle()
    expect(emu.fn('created').state).toBe('Active')
    const again = await create({ FunctionName: 'created' })
    expect([again.status, again.type]).toEqual([409, 'ResourceConflictException'])
    expect(again.json.message).toBe('Function already exist: created')
    expect(emu.calls('created').CreateFunction).toBe(2)
  })

  it('refuses a zip function without Runtime or Handler, a bad role, reserved variables and unknown fields', async () => {
    expect((await create({ FunctionName: 'no-runtime', Runtime: undefined })).type).toBe(
      'InvalidParameterValueException',
    )
    expect((await create({ FunctionName: 'bad-role', Role: 'exec' })).type).toBe(
      'ValidationException',
    )
    const reserved = await create({
      FunctionName: 'reserved',
      Environment: { Variables: { AWS_REGION: 'x' } },
    })
    expect(reserved.type).toBe('InvalidParameterValueException')
    expect(reserved.json.message).toContain('Reserved keys used in this request: AWS_REGION')
    expect((await create({ FunctionName: 'extra', Memory: 128 })).type).toBe(
      'InvalidRequestContentException',
    )
    expect((await create({ FunctionName: 'vpc', VpcConfig: {} })).json.message).toContain(
      'does not implement VpcConfig',
    )
    expect(() => emu.fn('reserved')).toThrow()
  })
})

describe('UpdateFunctionConfiguration', () => {
  it('replaces the environment, goes InProgress, and makes the next PublishVersion a new version', async () => {
    emu.addFunction({ name: 'config', settings: { environment: { A1: 'one' } } })
    const v1 = await call('POST', '/config/versions', {})
    expect(v1.json.Version).toBe('1')
    const updated = await call('PUT', '/config/configuration', {
      Environment: { Variables: { B2: 'two' } },
      Timeout: 60,
    })
    expect(updated.status).toBe(200)
    expect(updated.json).toMatchObject({
      LastUpdateStatus: 'InProgress',
      Timeout: 60,
      Environment: { Variables: { B2: 'two' } },
    })
    const busy = await call('POST', '/config/versions', {})
    expect(busy.type).toBe('ResourceConflictException')
    await settle()
    const v2 = await call('POST', '/config/versions', {})
    expect(v2.json).toMatchObject({ Version: '2', Timeout: 60 })
    const same = await call('POST', '/config/versions', {})
    expect(same.json.Version).toBe('2')
  })

  it('refuses out-of-range values and a stale RevisionId', async () => {
    emu.addFunction({ name: 'ranges' })
    expect((await call('PUT', '/ranges/configuration', { MemorySize: 64 })).type).toBe(
      'ValidationException',
    )
    expect((await call('PUT', '/ranges/configuration', { Timeout: 901 })).type).toBe(
      'ValidationException',
    )
    expect(
      (await call('PUT', '/ranges/configuration', { Timeout: 5, RevisionId: 'stale' })).type,
    ).toBe('PreconditionFailedException')
    expect(emu.fn('ranges').settings.timeout).toBe(3)
  })
})

describe('alias RoutingConfig', () => {
  it('routes one published version besides the primary, and an empty map clears it', async () => {
    emu.addFunction({ name: 'routed' })
    await call('POST', '/routed/versions', {})
    await call('PUT', '/routed/configuration', { Description: 'v2' })
    await settle()
    await call('POST', '/routed/versions', {})
    const created = await call('POST', '/routed/aliases', {
      Name: 'live',
      FunctionVersion: '1',
      RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } },
    })
    expect(created.json).toMatchObject({
      FunctionVersion: '1',
      RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } },
    })
    const promoted = await call('PUT', '/routed/aliases/live', {
      FunctionVersion: '2',
      RoutingConfig: { AdditionalVersionWeights: {} },
    })
    expect(promoted.json.FunctionVersion).toBe('2')
    expect(promoted.json.RoutingConfig).toBeUndefined()
  })

  it('refuses two routed versions, the primary itself, $LATEST and a weight above 1', async () => {
    emu.addFunction({ name: 'strict-routing' })
    await call('POST', '/strict-routing/versions', {})
    const alias = (weights: Record<string, number>, primary = '1') =>
      call('POST', '/strict-routing/aliases', {
        Name: 'live',
        FunctionVersion: primary,
        RoutingConfig: { AdditionalVersionWeights: weights },
      })
    expect((await alias({ '1': 0.5 })).type).toBe('InvalidParameterValueException')
    expect((await alias({ '2': 0.5, '3': 0.1 })).type).toBe('InvalidParameterValueException')
    expect((await alias({ '1': 0.5 }, '$LATEST')).type).toBe('InvalidParameterValueException')
    expect((await alias({ '1': 1.5 }, '$LATEST')).type).toBe('ValidationException')
    expect(emu.fn('strict-routing').aliases.size).toBe(0)
  })
})
