/**
 * The emulator is only useful if it is as strict as Lambda: these requests are what a buggy
 * client would send, and each must be refused the way the real API refuses it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  codeSha256,
  startLambdaEmulator,
  type LambdaEmulator,
} from '../../test/support/lambda-emulator.js'

let emu: LambdaEmulator
const auth = (region = 'us-east-1', service = 'lambda'): string =>
  `AWS4-HMAC-SHA256 Credential=AKIDTEST/20250101/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { authorization: auth() },
): Promise<{ status: number; type: string | null; json: Record<string, unknown> }> {
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

const zipB64 = Buffer.from('504b0304' + '00'.repeat(26), 'hex').toString('base64')

beforeAll(async () => {
  emu = await startLambdaEmulator({ updateMs: 100 })
  emu.addFunction({ name: 'strict' })
})
afterAll(() => emu.close())

describe('lambda emulator strictness', () => {
  it('refuses unknown body fields, wrong types and wrong methods with 400', async () => {
    const unknown = await call('PUT', '/2015-03-31/functions/strict/code', {
      ZipFile: zipB64,
      Zipfile: zipB64,
    })
    expect([unknown.status, unknown.type]).toEqual([400, 'InvalidRequestContentException'])
    expect(String(unknown.json.message)).toContain('Unrecognized field "Zipfile"')
    const wrongType = await call('PUT', '/2015-03-31/functions/strict/code', {
      ZipFile: zipB64,
      DryRun: 'yes',
    })
    expect(wrongType.status).toBe(400)
    const wrongMethod = await call('POST', '/2015-03-31/functions/strict/code', { ZipFile: zipB64 })
    expect(wrongMethod.status).toBe(400)
    expect(emu.fn('strict').lastUpdateStatus).toBe('Successful')
  })

  it('requires a SigV4 header scoped to its region and to lambda', async () => {
    expect((await call('GET', '/2015-03-31/functions/strict', undefined, {})).status).toBe(403)
    const region = await call('GET', '/2015-03-31/functions/strict', undefined, {
      authorization: auth('eu-west-1'),
    })
    expect([region.status, region.type]).toEqual([403, 'InvalidSignatureException'])
    const service = await call('GET', '/2015-03-31/functions/strict', undefined, {
      authorization: auth('us-east-1', 's3'),
    })
    expect(service.status).toBe(403)
  })

  it('runs the update state machine: InProgress, 409 on a write meanwhile, then Successful', async () => {
    const got = await call('GET', '/2015-03-31/functions/strict')
    const revision = (got.json.Configuration as Record<string, unknown>).RevisionId
    const stale = await call('PUT', '/2015-03-31/functions/strict/code', {
      ZipFile: zipB64,
      RevisionId: 'not-the-revision',
    })
    expect([stale.status, stale.type]).toEqual([412, 'PreconditionFailedException'])

    const updated = await call('PUT', '/2015-03-31/functions/strict/code', {
      ZipFile: zipB64,
      RevisionId: revision,
      Architectures: ['arm64'],
    })
    expect(updated.status).toBe(200)
    expect(updated.json).toMatchObject({
      LastUpdateStatus: 'InProgress',
      CodeSha256: codeSha256(Buffer.from(zipB64, 'base64')),
      Architectures: ['arm64'],
    })
    const busy = await call('POST', '/2015-03-31/functions/strict/versions', {})
    expect([busy.status, busy.type]).toEqual([409, 'ResourceConflictException'])
    expect(String(busy.json.message)).toContain('An update is in progress')

    await new Promise((r) => setTimeout(r, 150))
    const wrongSha = await call('POST', '/2015-03-31/functions/strict/versions', {
      CodeSha256: 'AAAA',
    })
    expect([wrongSha.status, wrongSha.type]).toEqual([400, 'InvalidParameterValueException'])
    const v1 = await call('POST', '/2015-03-31/functions/strict/versions', {})
    expect([v1.status, v1.json.Version]).toEqual([201, '1'])
    const again = await call('POST', '/2015-03-31/functions/strict/versions', {})
    expect(again.json.Version).toBe('1') // nothing changed since: Lambda returns that version
  })

  it('answers 404 with the ARN in the message, and refuses a zip that is not a zip', async () => {
    const missing = await call('GET', '/2015-03-31/functions/nope')
    expect([missing.status, missing.type]).toEqual([404, 'ResourceNotFoundException'])
    expect(missing.json.Message).toBe(
      'Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope',
    )
    const notZip = await call('PUT', '/2015-03-31/functions/strict/code', {
      ZipFile: Buffer.from('hello').toString('base64'),
    })
    expect(notZip.status).toBe(400)
    expect(String(notZip.json.message)).toContain('Could not unzip uploaded file')
  })

  it('counts calls per operation and function', () => {
    expect(emu.calls('strict').UpdateFunctionCode).toBeGreaterThanOrEqual(4)
    expect(emu.calls('nope').GetFunction).toBe(1)
  })
})
