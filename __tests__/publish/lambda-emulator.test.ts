/**
 * The emulator is only useful if it is as strict as Lambda: these requests are what a buggy
 * client would send, and each must be refused the way the real API refuses it. Where Lambda's
 * behaviour is subtle (what counts as a change for PublishVersion, when RevisionId moves, what
 * DryRun answers), the test cites the API reference the emulator follows. Each test makes its own
 * function, so none depends on another's leftovers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  codeSha256,
  manualClock,
  startLambdaEmulator,
  type LambdaEmulator,
} from '../../test/support/lambda-emulator.js'
import { zipBuffer } from '../../test/support/zips.js'

const UPDATE_MS = 100
// The emulator's clock stands still between calls; settled() moves it past an update.
const clock = manualClock()
let emu: LambdaEmulator
const auth = (region = 'us-east-1', service = 'lambda'): string =>
  `AWS4-HMAC-SHA256 Credential=AKIDTEST/20250101/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`

interface Answer {
  status: number
  type: string | null
  json: Record<string, unknown>
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { authorization: auth() },
): Promise<Answer> {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return {
    status: res.status,
    type: res.headers.get('x-amzn-errortype'),
    json: (await res.json()) as Record<string, unknown>,
  }
}

const fnPath = (name: string, rest = ''): string => `/2015-03-31/functions/${name}${rest}`
const configurationOf = async (
  name: string,
  qualifier?: string,
): Promise<Record<string, unknown>> =>
  (await call('GET', fnPath(name) + (qualifier === undefined ? '' : `?Qualifier=${qualifier}`)))
    .json.Configuration as Record<string, unknown>
const settled = (): Promise<void> => Promise.resolve(clock.pass(UPDATE_MS + 1))

let zipA: Buffer
let zipB: Buffer
const b64 = (zip: Buffer): string => zip.toString('base64')

beforeAll(async () => {
  emu = await startLambdaEmulator({ updateMs: UPDATE_MS, now: clock.now })
  zipA = await zipBuffer({ bootstrap: 'a' })
  zipB = await zipBuffer({ bootstrap: 'b' })
})
afterAll(() => emu.close())

describe('lambda emulator: the protocol', () => {
  it('refuses unknown body fields, wrong types and wrong methods with 400', async () => {
    emu.addFunction({ name: 'fields' })
    const unknown = await call('PUT', fnPath('fields', '/code'), {
      ZipFile: b64(zipA),
      Zipfile: b64(zipA),
    })
    expect([unknown.status, unknown.type]).toEqual([400, 'InvalidRequestContentException'])
    expect(String(unknown.json.message)).toContain('Unrecognized field "Zipfile"')
    const wrongType = await call('PUT', fnPath('fields', '/code'), {
      ZipFile: b64(zipA),
      DryRun: 'yes',
    })
    expect(wrongType.status).toBe(400)
    const wrongMethod = await call('POST', fnPath('fields', '/code'), { ZipFile: b64(zipA) })
    expect(wrongMethod.status).toBe(400)
    expect(emu.fn('fields').lastUpdateStatus).toBe('Successful')
  })

  it('requires a SigV4 header scoped to its region and to lambda', async () => {
    emu.addFunction({ name: 'signed' })
    expect((await call('GET', fnPath('signed'), undefined, {})).status).toBe(403)
    const region = await call('GET', fnPath('signed'), undefined, {
      authorization: auth('eu-west-1'),
    })
    expect([region.status, region.type]).toEqual([403, 'InvalidSignatureException'])
    const service = await call('GET', fnPath('signed'), undefined, {
      authorization: auth('us-east-1', 's3'),
    })
    expect(service.status).toBe(403)
  })

  it('answers 404 with the ARN in the message, and counts calls per operation and function', async () => {
    const missing = await call('GET', fnPath('nope'))
    expect([missing.status, missing.type]).toEqual([404, 'ResourceNotFoundException'])
    expect(missing.json.Message).toBe(
      'Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope',
    )
    expect(emu.calls('nope').GetFunction).toBe(1)
    emu.addFunction({ name: 'counted' })
    await call('PUT', fnPath('counted', '/code'), { ZipFile: b64(zipA) })
    expect(emu.calls('counted')).toMatchObject({ GetFunction: 0, UpdateFunctionCode: 1 })
    expect(emu.writes('counted')).toBe(1)
  })
})

describe('lambda emulator: the update state machine', () => {
  it('is InProgress, with 409 on a write meanwhile and 412 on a stale RevisionId, then Successful', async () => {
    emu.addFunction({ name: 'machine' })
    const revision = (await configurationOf('machine')).RevisionId
    const stale = await call('PUT', fnPath('machine', '/code'), {
      ZipFile: b64(zipA),
      RevisionId: 'not-the-revision',
    })
    expect([stale.status, stale.type]).toEqual([412, 'PreconditionFailedException'])

    const updated = await call('PUT', fnPath('machine', '/code'), {
      ZipFile: b64(zipA),
      RevisionId: revision,
      Architectures: ['arm64'],
    })
    expect(updated.status).toBe(200)
    expect(updated.json).toMatchObject({
      LastUpdateStatus: 'InProgress',
      CodeSha256: codeSha256(zipA),
      Architectures: ['arm64'],
    })
    const busy = await call('POST', fnPath('machine', '/versions'), {})
    expect([busy.status, busy.type]).toEqual([409, 'ResourceConflictException'])
    expect(String(busy.json.message)).toContain('An update is in progress')

    await settled()
    expect((await configurationOf('machine')).LastUpdateStatus).toBe('Successful')
    const wrongSha = await call('POST', fnPath('machine', '/versions'), { CodeSha256: 'AAAA' })
    expect([wrongSha.status, wrongSha.type]).toEqual([400, 'InvalidParameterValueException'])
  })

  it('gives the function a new RevisionId when the update finishes, so the one read while InProgress is stale', async () => {
    emu.addFunction({ name: 'revisions' })
    const updated = await call('PUT', fnPath('revisions', '/code'), { ZipFile: b64(zipA) })
    const during = updated.json.RevisionId
    await settled()
    const after = (await configurationOf('revisions')).RevisionId
    expect(after).not.toBe(during)
    const stale = await call('POST', fnPath('revisions', '/versions'), { RevisionId: during })
    expect([stale.status, stale.type]).toEqual([412, 'PreconditionFailedException'])
    const fresh = await call('POST', fnPath('revisions', '/versions'), { RevisionId: after })
    expect(fresh.status).toBe(201)
  })

  it('reports no LastUpdateStatusReasonCode while InProgress, and a documented one when it fails', async () => {
    emu.addFunction({ name: 'progress' })
    const updated = await call('PUT', fnPath('progress', '/code'), { ZipFile: b64(zipA) })
    expect(updated.json.LastUpdateStatus).toBe('InProgress')
    expect(updated.json).not.toHaveProperty('LastUpdateStatusReasonCode')

    const reason =
      'Lambda was not able to create an ENI in the VPC of the Lambda function because the limit for Network Interfaces has been reached.'
    emu.addFunction({ name: 'eni', failUpdate: { reasonCode: 'EniLimitExceeded', reason } })
    await call('PUT', fnPath('eni', '/code'), { ZipFile: b64(zipA) })
    await settled()
    expect(await configurationOf('eni')).toMatchObject({
      LastUpdateStatus: 'Failed',
      LastUpdateStatusReasonCode: 'EniLimitExceeded',
      LastUpdateStatusReason: reason,
    })
    expect(() =>
      emu.addFunction({ name: 'made-up', failUpdate: { reasonCode: 'Updating', reason } }),
    ).toThrow('Updating is not a LastUpdateStatusReasonCode')
  })
})

describe('lambda emulator: PublishVersion and DryRun', () => {
  it('publishes by content: the same code again returns the existing version, new code or architecture a new one', async () => {
    emu.addFunction({ name: 'content', architecture: 'arm64' })
    await call('PUT', fnPath('content', '/code'), { ZipFile: b64(zipA) })
    await settled()
    const v1 = await call('POST', fnPath('content', '/versions'), {})
    expect([v1.status, v1.json.Version]).toEqual([201, '1'])

    // A forced update with the same zip: a new RevisionId, but nothing changed since version 1.
    await call('PUT', fnPath('content', '/code'), { ZipFile: b64(zipA) })
    await settled()
    const same = await call('POST', fnPath('content', '/versions'), {})
    expect([same.status, same.json.Version]).toEqual([201, '1'])

    await call('PUT', fnPath('content', '/code'), { ZipFile: b64(zipB) })
    await settled()
    expect((await call('POST', fnPath('content', '/versions'), {})).json.Version).toBe('2')
    await call('PUT', fnPath('content', '/code'), { ZipFile: b64(zipB), Architectures: ['x86_64'] })
    await settled()
    expect((await call('POST', fnPath('content', '/versions'), {})).json.Version).toBe('3')
    expect(emu.fn('content').versions.map((v) => v.version)).toEqual(['1', '2', '3'])
  })

  it('answers DryRun with the new CodeSha256 and changes nothing, the RevisionId included', async () => {
    const before = emu.addFunction({ name: 'dry' })
    const { codeSha256: oldSha, revisionId } = before
    const dry = await call('PUT', fnPath('dry', '/code'), { ZipFile: b64(zipB), DryRun: true })
    expect(dry.status).toBe(200)
    expect(dry.json).toMatchObject({ CodeSha256: codeSha256(zipB), CodeSize: zipB.length })
    expect(dry.json.RevisionId).toBe(revisionId)
    expect((await configurationOf('dry')).CodeSha256).toBe(oldSha)
    expect(emu.fn('dry').dryRuns).toBe(1)
  })
})

describe('lambda emulator: the zip', () => {
  it('refuses what it cannot unzip, a truncated zip included, and accepts a zip without bootstrap', async () => {
    emu.addFunction({ name: 'zips' })
    const notZip = await call('PUT', fnPath('zips', '/code'), {
      ZipFile: Buffer.from('hello').toString('base64'),
    })
    expect([notZip.status, notZip.type]).toEqual([400, 'InvalidParameterValueException'])
    expect(String(notZip.json.message)).toContain('Could not unzip uploaded file')
    // A local header's magic number and nothing readable behind it.
    const truncated = Buffer.concat([zipA.subarray(0, 40), Buffer.alloc(26)])
    expect(truncated.subarray(0, 4).toString('hex')).toBe('504b0304')
    const cut = await call('PUT', fnPath('zips', '/code'), { ZipFile: b64(truncated) })
    expect([cut.status, cut.type]).toEqual([400, 'InvalidParameterValueException'])

    // Lambda does not look inside: a package without bootstrap updates fine (it fails at invoke).
    const noBootstrap = await zipBuffer({ 'README.md': 'no bootstrap here' })
    const ok = await call('PUT', fnPath('zips', '/code'), { ZipFile: b64(noBootstrap) })
    expect(ok.status).toBe(200)
    await settled()
    expect(emu.fn('zips')).toMatchObject({
      lastUpdateStatus: 'Successful',
      codeSha256: codeSha256(noBootstrap),
    })
  })
})

describe('lambda emulator: conflicts and lost responses', () => {
  it('answers CreateAlias on an existing alias with 409 "Alias already exists", and UpdateAlias with a stale RevisionId with 412', async () => {
    emu.addFunction({ name: 'aliased' })
    const created = await call('POST', fnPath('aliased', '/aliases'), {
      Name: 'live',
      FunctionVersion: '$LATEST',
    })
    expect(created.status).toBe(201)
    const again = await call('POST', fnPath('aliased', '/aliases'), {
      Name: 'live',
      FunctionVersion: '$LATEST',
    })
    expect([again.status, again.type]).toEqual([409, 'ResourceConflictException'])
    expect(again.json.message).toBe(
      'Alias already exists: arn:aws:lambda:us-east-1:123456789012:function:aliased:live',
    )
    await call('PUT', fnPath('aliased', '/aliases/live'), { Description: 'moved' })
    const stale = await call('PUT', fnPath('aliased', '/aliases/live'), {
      FunctionVersion: '$LATEST',
      RevisionId: created.json.RevisionId,
    })
    expect([stale.status, stale.type]).toEqual([412, 'PreconditionFailedException'])
  })

  it('loses a response on request: the write lands, the client sees the connection reset', async () => {
    emu.addFunction({ name: 'lost' })
    emu.inject({ operation: 'UpdateFunctionCode', function: 'lost', lostResponse: true, times: 1 })
    await expect(call('PUT', fnPath('lost', '/code'), { ZipFile: b64(zipA) })).rejects.toThrow()
    expect((await configurationOf('lost')).CodeSha256).toBe(codeSha256(zipA))
    expect(emu.requests.filter((r) => r.function === 'lost').map((r) => r.status)).toEqual([0, 200])
  })

  it('counts the requests in flight at once', async () => {
    emu.addFunction({ name: 'flight' })
    emu.setLatency(100)
    try {
      await Promise.all([1, 2, 3].map(() => call('GET', fnPath('flight'))))
      await call('GET', fnPath('flight'))
    } finally {
      emu.setLatency(0)
    }
    expect(emu.maxInFlight((r) => r.function === 'flight')).toBe(3)
  })
})
