/**
 * The one verified-download module: every tool archive, checksum and signature file goes
 * through here. Retries network errors and 5xx/429 answers with exponential backoff (sleep
 * injected), hashes the body while streaming it to a temporary file (SHA-256, and BLAKE2b-512
 * for minisign), lets the caller verify the digest, and only then renames the file into place.
 * A file that fails verification is deleted and never reaches its destination.
 */
import { createHash, randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import * as core from '@actions/core'
import { HttpClient } from '@actions/http-client'
import { ToolError } from '../errors.js'

/** The answer to a GET: status, length if announced, and the body as a stream. */
export interface HttpAnswer {
  readonly status: number
  readonly contentLength: number | undefined
  readonly body: Readable
}

export type HttpGet = (url: string) => Promise<HttpAnswer>

/** The seams of every download: the HTTP GET, the wait between tries, how often to try, the log. */
export interface DownloadDeps {
  readonly get: HttpGet
  readonly sleep: (ms: number) => Promise<void>
  /** Total attempts per URL (first try included). */
  readonly attempts: number
  /** Delay before the first retry; doubled for each further retry. */
  readonly baseDelayMs: number
  readonly log: (message: string) => void
}

export interface Digest {
  readonly bytes: number
  /** hex */
  readonly sha256: string
  /** raw digest, when asked for (minisign verifies the BLAKE2b-512 prehash) */
  readonly blake2b512: Buffer | undefined
}

export interface Downloaded extends Digest {
  readonly path: string
  readonly url: string
  readonly attempts: number
}

/** A download that failed; `retryable` for network trouble and server-side errors. */
export class DownloadError extends ToolError {
  override name = 'DownloadError'
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message)
  }
}

/** Pure: the delay before retry number `retry` (1-based). */
export function retryDelayMs(retry: number, baseMs: number): number {
  return baseMs * 2 ** (retry - 1)
}

/** Pure: whether an HTTP status is worth another try (server trouble or rate limiting). */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408
}

/** Default backoff base: 2 s (then 4 s, 8 s). RLA_RETRY_BASE_MS (internal, for tests) overrides. */
export function defaultDeps(overrides: Partial<DownloadDeps> = {}): DownloadDeps {
  const fromEnv = Number(process.env.RLA_RETRY_BASE_MS)
  return {
    get: httpGet,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    attempts: 4,
    baseDelayMs: process.env.RLA_RETRY_BASE_MS && fromEnv >= 0 ? fromEnv : 2000,
    log: (message) => core.info(message),
    ...overrides,
  }
}

const client = new HttpClient('rust-lambda-action', [], {
  allowRetries: false,
  allowRedirects: true,
  maxRedirects: 10,
  socketTimeout: 60_000,
})

/** GET with @actions/http-client (honours https_proxy / no_proxy, follows redirects). */
export const httpGet: HttpGet = async (url) => {
  const res = await client.get(url)
  const length = Number(res.message.headers['content-length'])
  return {
    status: res.message.statusCode ?? 0,
    contentLength: Number.isFinite(length) && length >= 0 ? length : undefined,
    body: res.message,
  }
}

export interface DownloadRequest {
  readonly url: string
  /** Final path; written only once `verify` accepted the digest. */
  readonly dest: string
  readonly blake2b512?: boolean
  /** Throws to refuse the file (it is then deleted, not retried). */
  readonly verify?: (digest: Digest) => void
}

/** Downloads `url` to `dest` with retries; see the module comment. */
export async function download(req: DownloadRequest, deps: DownloadDeps): Promise<Downloaded> {
  fs.mkdirSync(path.dirname(req.dest), { recursive: true })
  return withRetries(req.url, deps, async (attempt) => {
    const partial = `${req.dest}.${randomBytes(6).toString('hex')}.partial`
    try {
      const digest = await fetchTo(req.url, partial, req.blake2b512 === true, deps.get)
      req.verify?.(digest)
      fs.renameSync(partial, req.dest)
      return { ...digest, path: req.dest, url: req.url, attempts: attempt }
    } finally {
      fs.rmSync(partial, { force: true })
    }
  })
}

/** Fetches a small text file (a checksum or signature) with the same retries. */
export async function downloadText(
  url: string,
  deps: DownloadDeps,
  maxBytes = 64 * 1024,
): Promise<string> {
  return withRetries(url, deps, async () => {
    const answer = await get(url, deps.get)
    const chunks: Buffer[] = []
    let size = 0
    try {
      for await (const chunk of answer.body as AsyncIterable<Buffer>) {
        size += chunk.length
        if (size > maxBytes) {
          throw new DownloadError(`${url} is larger than ${maxBytes} bytes`, false)
        }
        chunks.push(chunk)
      }
    } catch (e) {
      answer.body.destroy()
      throw asDownloadError(url, e)
    }
    return Buffer.concat(chunks).toString('utf8')
  })
}

async function withRetries<T>(
  url: string,
  deps: DownloadDeps,
  once: (attempt: number) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await once(attempt)
    } catch (e) {
      if (!(e instanceof DownloadError) || !e.retryable) throw e
      if (attempt >= deps.attempts) {
        throw new DownloadError(
          `Downloading ${redact(url)} failed after ${attempt} attempts: ${e.message}`,
          true,
          e.status,
        )
      }
      const delay = retryDelayMs(attempt, deps.baseDelayMs)
      deps.log(
        `Attempt ${attempt} of ${deps.attempts} to download ${redact(url)} failed (${e.message}); retrying in ${delay} ms.`,
      )
      await deps.sleep(delay)
    }
  }
}

async function get(url: string, httpGetFn: HttpGet): Promise<HttpAnswer> {
  let answer: HttpAnswer
  try {
    answer = await httpGetFn(url)
  } catch (e) {
    throw asDownloadError(url, e)
  }
  if (answer.status !== 200) {
    answer.body.resume()
    throw new DownloadError(
      `HTTP ${answer.status} from ${redact(url)}`,
      isRetryableStatus(answer.status),
      answer.status,
    )
  }
  return answer
}

async function fetchTo(
  url: string,
  file: string,
  blake: boolean,
  httpGetFn: HttpGet,
): Promise<Digest> {
  const answer = await get(url, httpGetFn)
  const sha = createHash('sha256')
  const b2 = blake ? createHash('blake2b512') : undefined
  let bytes = 0
  try {
    await pipeline(
      answer.body,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          sha.update(chunk)
          b2?.update(chunk)
          bytes += chunk.length
          yield chunk
        }
      },
      fs.createWriteStream(file),
    )
  } catch (e) {
    throw asDownloadError(url, e, bytes, answer.contentLength)
  }
  if (answer.contentLength !== undefined && bytes !== answer.contentLength) {
    throw new DownloadError(
      `the connection closed after ${bytes} of ${answer.contentLength} bytes`,
      true,
    )
  }
  return { bytes, sha256: sha.digest('hex'), blake2b512: b2?.digest() }
}

/** Network-level failures (reset, refused, timeout, truncated body) are worth a retry. */
function asDownloadError(
  url: string,
  e: unknown,
  bytes?: number,
  expected?: number,
): DownloadError {
  if (e instanceof DownloadError) return e
  const err = e as NodeJS.ErrnoException
  const code = err.code ? ` (${err.code})` : ''
  const where =
    bytes !== undefined
      ? ` after ${bytes}${expected !== undefined ? ` of ${expected}` : ''} bytes`
      : ''
  if (err.code === 'ERR_INVALID_URL' || err.code === 'ERR_UNSUPPORTED_PROTOCOL') {
    return new DownloadError(`cannot fetch ${redact(url)}: ${err.message}`, false)
  }
  return new DownloadError(`network error${where}: ${err.message || String(e)}${code}`, true)
}

/** Drops user info and query from a URL for the log (mirror URLs may carry tokens). */
export function redact(url: string): string {
  try {
    const u = new URL(url)
    u.username = ''
    u.password = ''
    u.search = ''
    return u.toString()
  } catch {
    return url
  }
}
