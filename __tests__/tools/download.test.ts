import { createHash, randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { VerificationError } from '../../src/errors.js'
import {
  defaultDeps,
  download,
  downloadText,
  retryDelayMs,
  type DownloadDeps,
} from '../../src/tools/download.js'
import { startMirror, type Mirror } from '../../test/support/mirror.js'

let root: string
let mirror: Mirror
const body = randomBytes(300_000)
const sha256 = createHash('sha256').update(body).digest('hex')
const blake = createHash('blake2b512').update(body).digest()

let sleeps: number[]
let deps: DownloadDeps
let out: string

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-dl-'))
  fs.writeFileSync(path.join(root, 'tool.tar.xz'), body)
  fs.writeFileSync(path.join(root, 'tool.tar.xz.sha256'), `${sha256}  tool.tar.xz\n`)
  mirror = await startMirror(root, { timeoutMs: 120_000 })
})
afterAll(async () => {
  await mirror.close()
  fs.rmSync(root, { recursive: true, force: true })
})
beforeEach(() => {
  mirror.reset()
  mirror.requests.clear()
  sleeps = []
  deps = defaultDeps({
    sleep: (ms) => {
      sleeps.push(ms)
      return Promise.resolve()
    },
    attempts: 4,
    baseDelayMs: 1000,
    log: () => undefined,
  })
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-dl-out-'))
})

afterEach(() => fs.rmSync(out, { recursive: true, force: true }))

const leftovers = (): string[] => fs.readdirSync(out)

describe('download', () => {
  it('streams the file into place with its SHA-256 and BLAKE2b-512', async () => {
    const dest = path.join(out, 'tool.tar.xz')
    const got = await download({ url: `${mirror.url}/tool.tar.xz`, dest, blake2b512: true }, deps)
    expect(got.sha256).toBe(sha256)
    expect(got.blake2b512?.equals(blake)).toBe(true)
    expect(got.bytes).toBe(body.length)
    expect(fs.readFileSync(dest).equals(body)).toBe(true)
    expect(leftovers()).toEqual(['tool.tar.xz'])
    expect(sleeps).toEqual([])
  })

  it('retries 5xx answers with exponential backoff, then succeeds', async () => {
    mirror.fail('/tool.tar.xz', 2, 503)
    const got = await download(
      { url: `${mirror.url}/tool.tar.xz`, dest: path.join(out, 'tool.tar.xz') },
      deps,
    )
    expect(got.attempts).toBe(3)
    expect(sleeps).toEqual([1000, 2000])
    expect(mirror.requests.get('/tool.tar.xz')).toBe(3)
  })

  it('retries a connection cut mid-body, and gives up after the last attempt', async () => {
    mirror.cut('/tool.tar.xz')
    const dest = path.join(out, 'tool.tar.xz')
    await expect(download({ url: `${mirror.url}/tool.tar.xz`, dest }, deps)).rejects.toThrow(
      /Downloading http:\/\/127\.0\.0\.1:\d+\/tool\.tar\.xz failed after 4 attempts: (network error|the connection closed)/,
    )
    expect(sleeps).toEqual([1000, 2000, 4000])
    expect(mirror.requests.get('/tool.tar.xz')).toBe(4)
    expect(leftovers()).toEqual([])
  })

  it('does not retry a 404', async () => {
    await expect(
      download({ url: `${mirror.url}/missing.tar.xz`, dest: path.join(out, 'x') }, deps),
    ).rejects.toThrow(/HTTP 404 from http:\/\/127\.0\.0\.1:\d+\/missing\.tar\.xz/)
    expect(sleeps).toEqual([])
  })

  it('retries a refused connection', async () => {
    const closed = await startMirror(root)
    const url = `${closed.url}/tool.tar.xz`
    await closed.close()
    await expect(download({ url, dest: path.join(out, 'x') }, deps)).rejects.toThrow(
      /failed after 4 attempts: network error.*ECONNREFUSED/,
    )
    expect(sleeps).toHaveLength(3)
  })

  it('deletes a file the verifier refuses, without retrying or keeping anything', async () => {
    mirror.corrupt('/tool.tar.xz')
    const dest = path.join(out, 'tool.tar.xz')
    let seen = ''
    await expect(
      download(
        {
          url: `${mirror.url}/tool.tar.xz`,
          dest,
          verify: (d) => {
            seen = d.sha256
            if (d.sha256 !== sha256) throw new VerificationError(`bad ${d.sha256}`)
          },
        },
        deps,
      ),
    ).rejects.toThrow(VerificationError)
    expect(seen).not.toBe(sha256)
    expect(leftovers()).toEqual([])
    expect(mirror.requests.get('/tool.tar.xz')).toBe(1)
  })
})

describe('downloadText', () => {
  it('fetches a small file, with the same retries', async () => {
    mirror.fail('/tool.tar.xz.sha256', 1, 500)
    const text = await downloadText(`${mirror.url}/tool.tar.xz.sha256`, deps)
    expect(text).toBe(`${sha256}  tool.tar.xz\n`)
    expect(sleeps).toEqual([1000])
  })

  it('refuses a file larger than the limit', async () => {
    await expect(downloadText(`${mirror.url}/tool.tar.xz`, deps, 1000)).rejects.toThrow(
      /larger than 1000 bytes/,
    )
  })
})

describe('retryDelayMs', () => {
  it('doubles from the base', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 2000))).toEqual([2000, 4000, 8000, 16000])
  })
})
