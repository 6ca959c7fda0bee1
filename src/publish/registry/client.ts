/**
 * A small client for the OCI distribution HTTP API (`/v2/...`) of one registry: authentication
 * on the registry's challenge (Basic, or a Bearer token per set of scopes), and errors that name
 * the registry, the repository and the step. @actions/http-client does the HTTP: it honours the
 * runner's proxy settings and drops the Authorization header when a blob download is redirected to
 * another host (registries hand blobs out from object storage).
 */
import { Readable } from 'node:stream'
import { HttpClient, type HttpClientResponse } from '@actions/http-client'
import { RegistryError } from '../../errors.js'
import {
  basicHeader,
  parseChallenge,
  registryErrorText,
  tokenFrom,
  tokenUrl,
  type Challenge,
  type Credentials,
} from './auth.js'

export interface RegistryEndpoint {
  /** The registry as users name it (`host[:port]`): in messages and image URIs. */
  readonly registry: string
  /** Base URL of its HTTP API. */
  readonly origin: string
  readonly credentials?: Credentials | undefined
  /** What to check when the registry refuses the credentials (named inputs, AWS permissions). */
  readonly credentialsFix: string
}

export interface RegistryRequest {
  /** What this call does, for errors: `fetch base manifest`, `upload blob sha256:…`. */
  readonly step: string
  readonly repository: string
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH'
  /** A path under the origin (`/v2/...`) or an absolute URL (an upload location). */
  readonly url: string
  readonly headers?: Record<string, string>
  /** A buffer, or a factory for a stream (called again if the request is repeated after a 401). */
  readonly body?: Buffer | (() => Promise<NodeJS.ReadableStream>)
  /** Token scopes the call needs (`repository:app:pull,push`). */
  readonly scopes: readonly string[]
  /** Status codes that are an answer, not a failure (others throw RegistryError). */
  readonly ok: readonly number[]
  /** Extra advice for a failure of this step (e.g. which input names the missing thing). */
  readonly fix?: string | undefined
}

export interface RegistryResponse {
  readonly status: number
  readonly headers: Record<string, string | string[] | undefined>
  readonly response: HttpClientResponse
}

const USER_AGENT = 'rust-lambda-action'
const MISSING_REPOSITORY_FIX =
  'Check image-repository: the repository must exist (Amazon ECR: aws ecr create-repository --repository-name <name>).'
/** A stalled registry fails the step instead of hanging the job. */
const SOCKET_TIMEOUT_MS = 120_000

export function makeHttpClient(): HttpClient {
  return new HttpClient(USER_AGENT, [], {
    socketTimeout: SOCKET_TIMEOUT_MS,
    allowRetries: true,
    maxRetries: 2,
  })
}

export class RegistryClient {
  private authorization: string | undefined
  private readonly tokens = new Map<string, string>()
  private bearer: Extract<Challenge, { scheme: 'bearer' }> | undefined

  constructor(
    readonly endpoint: RegistryEndpoint,
    private readonly http: HttpClient = makeHttpClient(),
  ) {}

  get registry(): string {
    return this.endpoint.registry
  }

  /** Sends `req`, answering one 401 challenge; throws RegistryError for any status not in `ok`. */
  async send(req: RegistryRequest): Promise<RegistryResponse> {
    let res = await this.raw(req, this.authFor(req.scopes))
    if (res.status === 401) {
      await res.response.readBody()
      const header = res.headers['www-authenticate']
      const challenge = parseChallenge(Array.isArray(header) ? header[0] : header)
      if (challenge === undefined)
        this.fail(req, 'HTTP 401 without a usable WWW-Authenticate challenge.')
      res = await this.raw(req, await this.authenticate(challenge, req))
      if (res.status === 401) {
        const body = await res.response.readBody()
        this.fail(
          req,
          `${registryErrorText(401, body)} (the registry refused the credentials).`,
          this.endpoint.credentialsFix,
        )
      }
    }
    if (!req.ok.includes(res.status)) {
      const body = req.method === 'HEAD' ? '' : await res.response.readBody()
      const text = registryErrorText(res.status, body)
      const fix = [
        req.fix ?? (/NAME_UNKNOWN/.test(text) ? MISSING_REPOSITORY_FIX : undefined),
        res.status === 403 ? this.endpoint.credentialsFix : undefined,
      ]
      this.fail(req, `${text}.`, fix.filter(Boolean).join(' '))
    }
    return res
  }

  /** GET with the whole body in memory (manifests, configs, small layers). */
  async getBuffer(req: Omit<RegistryRequest, 'method'>): Promise<Buffer> {
    const res = await this.send({ ...req, method: 'GET' })
    return readAll(res.response)
  }

  fail(req: Pick<RegistryRequest, 'step' | 'repository'>, detail: string, fix?: string): never {
    throw new RegistryError(
      this.endpoint.registry,
      req.repository,
      req.step,
      detail,
      fix || undefined,
    )
  }

  private authFor(scopes: readonly string[]): string | undefined {
    if (this.bearer !== undefined) return this.tokens.get(scopeKey(scopes))
    return this.authorization
  }

  private async authenticate(challenge: Challenge, req: RegistryRequest): Promise<string> {
    const credentials = this.endpoint.credentials
    if (challenge.scheme === 'basic') {
      if (credentials === undefined) {
        this.fail(
          req,
          'the registry asks for a username and password and none was given.',
          this.endpoint.credentialsFix,
        )
      }
      this.authorization = basicHeader(credentials)
      return this.authorization
    }
    this.bearer = challenge
    const url = tokenUrl(challenge, req.scopes)
    let res: HttpClientResponse
    try {
      res = await this.http.get(url, credentials ? { authorization: basicHeader(credentials) } : {})
    } catch (e) {
      this.fail(
        req,
        `the token service ${new URL(challenge.realm).host} could not be reached: ${messageOf(e)}.`,
      )
    }
    const body = await res.readBody()
    const status = res.message.statusCode ?? 0
    if (status === 401 || status === 403) {
      this.fail(
        req,
        `the token service refused the credentials (${registryErrorText(status, body)}).`,
        this.endpoint.credentialsFix,
      )
    }
    const token = status === 200 ? tokenFrom(body) : undefined
    if (token === undefined)
      this.fail(req, `the token service answered ${registryErrorText(status, body)}.`)
    const header = `Bearer ${token}`
    this.tokens.set(scopeKey(req.scopes), header)
    return header
  }

  private async raw(
    req: RegistryRequest,
    authorization: string | undefined,
  ): Promise<RegistryResponse> {
    const url = new URL(req.url, this.endpoint.origin).toString()
    const headers: Record<string, string> = { ...req.headers }
    if (authorization !== undefined) headers.authorization = authorization
    let body: NodeJS.ReadableStream | null = null
    if (Buffer.isBuffer(req.body)) {
      headers['content-length'] = String(req.body.length)
      body = Readable.from([req.body])
    } else if (req.body !== undefined) {
      body = await req.body()
    } else if (req.method === 'PUT' || req.method === 'POST' || req.method === 'PATCH') {
      headers['content-length'] = '0'
    }
    try {
      const response = await this.http.request(req.method, url, body, headers)
      return {
        status: response.message.statusCode ?? 0,
        headers: response.message.headers,
        response,
      }
    } catch (e) {
      this.fail(req, `could not reach ${new URL(url).host}: ${messageOf(e)}.`)
    }
  }
}

/** The whole body of a response. */
export async function readAll(response: HttpClientResponse): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of response.message) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

function scopeKey(scopes: readonly string[]): string {
  return [...scopes].sort().join(' ')
}

function messageOf(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code
    return typeof code === 'string' && !e.message.includes(code)
      ? `${code} ${e.message}`
      : e.message
  }
  return String(e)
}
