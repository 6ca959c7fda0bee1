/**
 * The emulator's container-image functions (PackageType Image), as strict as Lambda: an image
 * function takes only an ImageUri (an ECR URI in its region), a zip function never does; the image
 * must exist in the registry the emulator knows; CodeSha256 is the image digest's hex.
 */
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLambdaEmulator, type LambdaEmulator } from '../../test/support/lambda-emulator.js'
import { zipBuffer } from '../../test/support/zips.js'

let emu: LambdaEmulator
let missingImageChecked = 0
const auth = `AWS4-HMAC-SHA256 Credential=AKIDTEST/20250101/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`
const REPO = '123456789012.dkr.ecr.us-east-1.amazonaws.com/hello'
const digest = (c: string): string => `sha256:${c.repeat(64)}`

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${emu.url}/2015-03-31/functions/${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: auth },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}

// A registry stand-in that has exactly one manifest: only the existence check talks to it.
let registry: http.Server

beforeAll(async () => {
  registry = http.createServer((req, res) => {
    if (req.headers.authorization === undefined) missingImageChecked += 1
    res.writeHead(req.url === `/v2/hello/manifests/${digest('a')}` ? 200 : 404)
    res.end()
  })
  await new Promise<void>((r) => registry.listen(0, '127.0.0.1', r))
  emu = await startLambdaEmulator({
    updateMs: 20,
    imageRegistry: {
      url: `http://127.0.0.1:${(registry.address() as AddressInfo).port}`,
      username: 'AWS',
      password: 'pw',
    },
  })
  emu.addFunction({
    name: 'img',
    packageType: 'Image',
    imageUri: `${REPO}@${digest('0')}`,
    architecture: 'arm64',
  })
  emu.addFunction({ name: 'zipfn' })
})
afterAll(async () => {
  await emu?.close()
  await new Promise<void>((r) => registry.close(() => r()))
})

describe('PackageType Image in the Lambda emulator', () => {
  it('updates an image function to an image that exists, and reports it by digest', async () => {
    const up = await call('PUT', 'img/code', {
      ImageUri: `${REPO}@${digest('a')}`,
      Architectures: ['arm64'],
    })
    expect(up.status).toBe(200)
    expect(up.json).toMatchObject({ PackageType: 'Image', CodeSha256: 'a'.repeat(64), CodeSize: 0 })
    expect(up.json.Runtime).toBeUndefined()
    const got = await call('GET', 'img')
    expect(got.json.Code).toEqual({
      RepositoryType: 'ECR',
      ImageUri: `${REPO}@${digest('a')}`,
      ResolvedImageUri: `${REPO}@${digest('a')}`,
    })
    expect(emu.fn('img').imageUri).toBe(`${REPO}@${digest('a')}`)
    expect(missingImageChecked).toBe(0) // the check sent the registry credentials
  })

  it('refuses an image the registry does not have, a zip, a tag, another region', async () => {
    await new Promise((r) => setTimeout(r, 50))
    const missing = await call('PUT', 'img/code', { ImageUri: `${REPO}@${digest('b')}` })
    expect([missing.status, String(missing.json.message)]).toEqual([
      400,
      expect.stringMatching(/does not exist/) as string,
    ])
    const zip = await call('PUT', 'img/code', {
      ZipFile: (await zipBuffer({ bootstrap: 'x' })).toString('base64'),
    })
    expect([zip.status, String(zip.json.message)]).toEqual([
      400,
      expect.stringMatching(/provide ImageUri/) as string,
    ])
    const tag = await call('PUT', 'img/code', { ImageUri: `${REPO}:latest` })
    expect(tag.status).toBe(400)
    const region = await call('PUT', 'img/code', {
      ImageUri: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/hello@${digest('a')}`,
    })
    expect([region.status, String(region.json.message)]).toEqual([
      400,
      expect.stringMatching(/region us-east-1/) as string,
    ])
    expect(emu.fn('img').imageUri).toBe(`${REPO}@${digest('a')}`)
  })

  it('refuses an ImageUri for a zip function', async () => {
    const res = await call('PUT', 'zipfn/code', { ImageUri: `${REPO}@${digest('a')}` })
    expect([res.status, String(res.json.message)]).toEqual([
      400,
      expect.stringMatching(/packageType Zip/) as string,
    ])
  })
})
