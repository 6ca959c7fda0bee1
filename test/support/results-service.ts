/**
 * A local emulator of the GitHub Actions results service, as called by `@actions/cache` 6 (cache
 * service v2) and `@actions/artifact` 6: twirp JSON endpoints on 127.0.0.1 with snake_case
 * fields, and blob storage in Azurite (the `azurite` npm package) reached through SAS URLs, as
 * on GitHub. The cache service also speaks twirp's protobuf encoding (`application/protobuf`),
 * as sccache's `gha` backend (OpenDAL's ghac service) calls it: the messages are the ones
 * `@actions/cache` generates from the service's .proto files. It follows the service's observable contract:
 * - cache lookups match on the cache `version` (a hash of paths + compression) and then on the
 *   key: an exact match of `key`, else the newest entry whose key starts with `key`, else each
 *   restore key in turn as a prefix (newest first); `matched_key` tells which;
 * - `CreateCacheEntry` on a key+version that already exists (finalized or being uploaded)
 *   answers twirp `already_exists` (HTTP 409), as when another job reserved it;
 * - `CreateArtifact` on a name already used in the run answers `already_exists` too.
 * Tests read back calls per method (and the most calls of a method in flight at once), stored
 * cache entries with sizes, and uploaded artifacts, and can inject faults (every call, or one
 * method, answering a given status) and a latency added to every twirp call.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import * as fs from 'node:fs'
import * as http from 'node:http'
import * as net from 'node:net'
import * as os from 'node:os'
import * as path from 'node:path'
import {
  BlobSASPermissions,
  BlobServiceClient,
  ContainerClient,
  SASProtocol,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters,
} from '@azure/storage-blob'
import yauzl from 'yauzl'
import { pathToFileURL } from 'node:url'
import { repoRoot } from './harness.js'

// Azurite's well-known development account (public, documented by Microsoft).
const ACCOUNT = 'devstoreaccount1'
const ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
const CONTAINER = 'results'
const CACHE_SERVICE = 'github.actions.results.api.v1.CacheService'
const ARTIFACT_SERVICE = 'github.actions.results.api.v1.ArtifactService'
/** Backend ids carried in the runtime token (the artifact client reads them from its `scp`). */
export const WORKFLOW_RUN_BACKEND_ID = 'c0ffee00-0000-4000-8000-000000000001'
export const WORKFLOW_JOB_RUN_BACKEND_ID = 'c0ffee00-0000-4000-8000-000000000002'

export interface CacheEntryInfo {
  readonly id: number
  readonly key: string
  readonly version: string
  /** false while reserved but not finalized */
  readonly finalized: boolean
  /** Size of the stored blob (bytes), 0 before finalize. */
  readonly sizeBytes: number
  /** What the client reported in FinalizeCacheEntryUpload. */
  readonly reportedSizeBytes: number
  readonly createdAt: Date
}

export interface ArtifactInfo {
  readonly id: number
  readonly name: string
  readonly finalized: boolean
  readonly sizeBytes: number
  readonly mimeType: string | undefined
  /** e.g. `sha256:<hex>` as sent by the client */
  readonly hash: string | undefined
  readonly expiresAt: string | undefined
}

export interface Fault {
  /** A method name such as `CreateCacheEntry`; undefined = every twirp call. */
  method?: string
  /** HTTP status to answer (default 500). */
  status?: number
  /** Twirp error code (default `internal`). */
  code?: string
  msg?: string
  /** How many calls to fail (default: all until reset). */
  times?: number
}

export interface ResultsService {
  /** ACTIONS_RESULTS_URL (ends with a slash). */
  readonly url: string
  /** The Azurite blob endpoint, e.g. http://127.0.0.1:PORT/devstoreaccount1 */
  readonly blobUrl: string
  /** Environment a step needs to use this service with @actions/cache and @actions/artifact. */
  readonly env: Readonly<Record<string, string>>
  /** Method name (e.g. `GetCacheEntryDownloadURL`) -> number of calls, faulted ones included. */
  readonly calls: Map<string, number>
  callCount(method: string): number
  /** The most calls of `method` the service was answering at the same time. */
  maxInFlight(method: string): number
  /** Every twirp call answers this much later (0 to stop), as a distant service would. */
  setLatency(ms: number): void
  cacheEntries(): CacheEntryInfo[]
  /** The stored archive of a finalized cache entry (the newest one with that key). */
  cacheEntryBlob(key: string): Promise<Buffer>
  /** Serves other bytes for a finalized cache entry from now on (a poisoned cache). */
  replaceCacheEntryBlob(key: string, bytes: Buffer): Promise<void>
  artifacts(): ArtifactInfo[]
  /** The stored bytes of a finalized artifact (the zip the client made, or the raw file with skipArchive). */
  artifactBlob(name: string): Promise<Buffer>
  /** The files inside a zipped artifact: path inside the artifact -> contents. */
  artifactFiles(name: string): Promise<Map<string, Buffer>>
  fail(fault?: Fault): void
  /** Removes every fault. */
  reset(): void
  close(): Promise<void>
}

export interface ResultsServiceOptions {
  /** Folder for Azurite's data; a fresh temporary folder (deleted on close) by default. */
  dataDir?: string
  /** The service stops itself after this long (default 15 minutes). */
  lifetimeMs?: number
}

interface CacheEntry {
  id: number
  key: string
  version: string
  blob: string
  finalized: boolean
  sizeBytes: number
  reportedSizeBytes: number
  createdAt: Date
}

interface ArtifactEntry {
  id: number
  runId: string
  jobId: string
  name: string
  blob: string
  finalized: boolean
  sizeBytes: number
  mimeType: string | undefined
  hash: string | undefined
  expiresAt: string | undefined
  createdAt: Date
}

class TwirpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    msg: string,
  ) {
    super(msg)
  }
}

type Json = Record<string, unknown>

/** A protobuf message type of @protobuf-ts, as @actions/cache's generated code exports them. */
interface ProtoMessageType {
  fromBinary(bytes: Uint8Array): object
  toBinary(message: object): Uint8Array
  toJson(message: object, options?: { useProtoFieldName?: boolean }): unknown
  fromJson(json: unknown, options?: { ignoreUnknownFields?: boolean }): object
}

/**
 * The cache service's request and response messages (`CreateCacheEntryRequest`, ...) from
 * @actions/cache's generated code, the same .proto the service is built from. Its package exports
 * only its entry point, so the module is loaded by its path.
 */
async function cacheMessages(): Promise<Record<string, ProtoMessageType | undefined>> {
  const file = path.join(
    repoRoot,
    'node_modules',
    '@actions',
    'cache',
    'lib',
    'generated',
    'results',
    'api',
    'v1',
    'cache.js',
  )
  return (await import(pathToFileURL(file).href)) as Record<string, ProtoMessageType | undefined>
}

/** A twirp answer: JSON, or (to a protobuf request) the response message's bytes. */
interface Answer {
  status: number
  body: Json
  protobuf?: Uint8Array
}

export async function startResultsService(
  options: ResultsServiceOptions = {},
): Promise<ResultsService> {
  const ownDir = options.dataDir === undefined
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'results-service-'))
  fs.mkdirSync(dataDir, { recursive: true })
  const lifetimeMs = options.lifetimeMs ?? 15 * 60_000

  const blobPort = await freePort()
  const azurite = spawn(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js'),
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(blobPort),
      '--location',
      dataDir,
      '--silent',
      '--skipApiVersionCheck',
      '--loose',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let azuriteErr = ''
  azurite.stderr?.on('data', (d: Buffer) => (azuriteErr += d.toString()))
  const blobUrl = `http://127.0.0.1:${blobPort}/${ACCOUNT}`
  const credential = new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY)
  const container = new BlobServiceClient(blobUrl, credential).getContainerClient(CONTAINER)
  try {
    await waitForAzurite(container, azurite, () => azuriteErr)
  } catch (error) {
    azurite.kill('SIGKILL')
    throw error
  }

  const sas = (blob: string, permissions: string): string => {
    const query = generateBlobSASQueryParameters(
      {
        containerName: CONTAINER,
        blobName: blob,
        permissions: BlobSASPermissions.parse(permissions),
        startsOn: new Date(Date.now() - 60_000),
        expiresOn: new Date(Date.now() + 60 * 60_000),
        protocol: SASProtocol.HttpsAndHttp,
      },
      credential,
    ).toString()
    return `${container.getBlockBlobClient(blob).url}?${query}`
  }
  const blobSize = async (blob: string): Promise<number | undefined> => {
    const client = container.getBlockBlobClient(blob)
    if (!(await client.exists())) return undefined
    return (await client.getProperties()).contentLength ?? 0
  }

  const token = runtimeToken()
  const calls = new Map<string, number>()
  const inFlight = new Map<string, number>()
  const maxInFlight = new Map<string, number>()
  let latencyMs = 0
  const faults: Fault[] = []
  const cache: CacheEntry[] = []
  const artifacts: ArtifactEntry[] = []
  let nextId = 1

  const cacheMethods: Record<string, (body: Json) => Promise<Json>> = {
    CreateCacheEntry: async (body) => {
      const key = requireString(body, 'key')
      const version = requireString(body, 'version')
      if (cache.some((e) => e.key === key && e.version === version)) {
        throw new TwirpError(
          409,
          'already_exists',
          'cache entry with the same key, version, and scope already exists',
        )
      }
      const id = nextId++
      const blob = `cache/${id}`
      cache.push({
        id,
        key,
        version,
        blob,
        finalized: false,
        sizeBytes: 0,
        reportedSizeBytes: 0,
        createdAt: new Date(),
      })
      return Promise.resolve({ ok: true, signed_upload_url: sas(blob, 'cw'), message: '' })
    },
    FinalizeCacheEntryUpload: async (body) => {
      const key = requireString(body, 'key')
      const version = requireString(body, 'version')
      const entry = cache.find((e) => e.key === key && e.version === version && !e.finalized)
      if (!entry) throw new TwirpError(404, 'not_found', `no reserved cache entry for key ${key}`)
      const size = await blobSize(entry.blob)
      if (size === undefined) {
        return { ok: false, entry_id: '0', message: `no archive was uploaded for key ${key}` }
      }
      entry.finalized = true
      entry.sizeBytes = size
      entry.reportedSizeBytes = Number(body.size_bytes ?? 0)
      return { ok: true, entry_id: String(entry.id), message: '' }
    },
    GetCacheEntryDownloadURL: async (body) => {
      const key = requireString(body, 'key')
      const version = requireString(body, 'version')
      const restoreKeys = Array.isArray(body.restore_keys) ? (body.restore_keys as string[]) : []
      const found = lookup(
        cache.filter((e) => e.finalized && e.version === version),
        key,
        restoreKeys,
      )
      if (!found) return Promise.resolve({ ok: false, signed_download_url: '', matched_key: '' })
      return Promise.resolve({
        ok: true,
        signed_download_url: sas(found.blob, 'r'),
        matched_key: found.key,
      })
    },
  }

  const runArtifacts = (body: Json): ArtifactEntry[] => {
    const runId = requireString(body, 'workflow_run_backend_id')
    return artifacts.filter((a) => a.runId === runId && a.finalized)
  }
  const artifactMethods: Record<string, (body: Json) => Promise<Json>> = {
    CreateArtifact: async (body) => {
      const runId = requireString(body, 'workflow_run_backend_id')
      const jobId = requireString(body, 'workflow_job_run_backend_id')
      const name = requireString(body, 'name')
      if (body.version !== 7 && body.version !== 4) {
        throw new TwirpError(
          400,
          'invalid_argument',
          `unsupported artifact version ${String(body.version)}`,
        )
      }
      if (artifacts.some((a) => a.runId === runId && a.name === name)) {
        throw new TwirpError(
          409,
          'already_exists',
          `an artifact with this name already exists on the workflow run: ${name}`,
        )
      }
      const id = nextId++
      const blob = `artifacts/${id}`
      artifacts.push({
        id,
        runId,
        jobId,
        name,
        blob,
        finalized: false,
        sizeBytes: 0,
        mimeType: typeof body.mime_type === 'string' ? body.mime_type : undefined,
        hash: undefined,
        expiresAt: typeof body.expires_at === 'string' ? body.expires_at : undefined,
        createdAt: new Date(),
      })
      return Promise.resolve({ ok: true, signed_upload_url: sas(blob, 'cw') })
    },
    FinalizeArtifact: async (body) => {
      const runId = requireString(body, 'workflow_run_backend_id')
      const name = requireString(body, 'name')
      const entry = artifacts.find((a) => a.runId === runId && a.name === name && !a.finalized)
      if (!entry) throw new TwirpError(404, 'not_found', `no artifact ${name} being uploaded`)
      const size = await blobSize(entry.blob)
      if (size === undefined) throw new TwirpError(400, 'failed_precondition', 'nothing uploaded')
      entry.finalized = true
      entry.sizeBytes = size
      entry.hash = typeof body.hash === 'string' ? body.hash : undefined
      return { ok: true, artifact_id: String(entry.id) }
    },
    ListArtifacts: async (body) => {
      let list = runArtifacts(body)
      if (typeof body.name_filter === 'string')
        list = list.filter((a) => a.name === body.name_filter)
      if (typeof body.id_filter === 'string' || typeof body.id_filter === 'number') {
        list = list.filter((a) => a.id === Number(body.id_filter))
      }
      return Promise.resolve({
        artifacts: list.map((a) => ({
          workflow_run_backend_id: a.runId,
          workflow_job_run_backend_id: a.jobId,
          database_id: String(a.id),
          name: a.name,
          size: String(a.sizeBytes),
          created_at: a.createdAt.toISOString(),
          ...(a.hash ? { digest: a.hash } : {}),
        })),
      })
    },
    GetSignedArtifactURL: async (body) => {
      const name = requireString(body, 'name')
      const entry = runArtifacts(body).find((a) => a.name === name)
      if (!entry) throw new TwirpError(404, 'not_found', `artifact ${name} not found`)
      return Promise.resolve({ signed_url: sas(entry.blob, 'r') })
    },
    DeleteArtifact: async (body) => {
      const name = requireString(body, 'name')
      const entry = runArtifacts(body).find((a) => a.name === name)
      if (!entry) throw new TwirpError(404, 'not_found', `artifact ${name} not found`)
      artifacts.splice(artifacts.indexOf(entry), 1)
      await container.getBlockBlobClient(entry.blob).deleteIfExists()
      return { ok: true, artifact_id: String(entry.id) }
    },
  }

  const handle = async (req: http.IncomingMessage): Promise<Answer> => {
    const match = /^\/twirp\/([\w.]+)\/(\w+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname)
    const service = match?.[1]
    const method = match?.[2] ?? ''
    const table =
      service === CACHE_SERVICE ? cacheMethods : service === ARTIFACT_SERVICE ? artifactMethods : {}
    const impl = Object.hasOwn(table, method) ? table[method] : undefined
    if (req.method !== 'POST' || !impl) {
      throw new TwirpError(404, 'bad_route', `no handler for ${req.method} ${req.url}`)
    }
    calls.set(method, (calls.get(method) ?? 0) + 1)
    const now = (inFlight.get(method) ?? 0) + 1
    inFlight.set(method, now)
    maxInFlight.set(method, Math.max(now, maxInFlight.get(method) ?? 0))
    try {
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs))
      return await answer(req, method, impl)
    } finally {
      inFlight.set(method, (inFlight.get(method) ?? 1) - 1)
    }
  }

  const answer = async (
    req: http.IncomingMessage,
    method: string,
    impl: (body: Json) => Promise<Json>,
  ): Promise<Answer> => {
    const fault = faults.find(
      (f) => (f.method === undefined || f.method === method) && f.times !== 0,
    )
    if (fault) {
      if (fault.times !== undefined) fault.times--
      throw new TwirpError(
        fault.status ?? 500,
        fault.code ?? 'internal',
        fault.msg ?? 'injected fault',
      )
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      throw new TwirpError(401, 'unauthenticated', 'missing or wrong bearer token')
    }
    const contentType = String(req.headers['content-type'])
    if (contentType.startsWith('application/protobuf') && Object.hasOwn(cacheMethods, method)) {
      return answerProtobuf(req, method, impl)
    }
    if (!contentType.startsWith('application/json')) {
      throw new TwirpError(415, 'bad_route', 'only application/json is served')
    }
    let body: unknown
    try {
      body = JSON.parse((await readBody(req)).toString('utf8'))
    } catch {
      throw new TwirpError(400, 'malformed', 'the body is not JSON')
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new TwirpError(400, 'malformed', 'the body is not a JSON object')
    }
    return { status: 200, body: await impl(body as Json) }
  }

  /** A cache call in protobuf: decoded to the JSON form (proto field names), answered in kind. */
  const answerProtobuf = async (
    req: http.IncomingMessage,
    method: string,
    impl: (body: Json) => Promise<Json>,
  ): Promise<Answer> => {
    messages ??= await cacheMessages()
    const request = messages[`${method}Request`]
    const response = messages[`${method}Response`]
    if (request === undefined || response === undefined) {
      throw new TwirpError(415, 'bad_route', `no protobuf messages for ${method}`)
    }
    let body: unknown
    try {
      body = request.toJson(request.fromBinary(await readBody(req)), { useProtoFieldName: true })
    } catch {
      throw new TwirpError(400, 'malformed', `the body is not a ${method}Request message`)
    }
    const result = await impl(body as Json)
    return {
      status: 200,
      body: result,
      protobuf: response.toBinary(response.fromJson(result, { ignoreUnknownFields: true })),
    }
  }
  let messages: Record<string, ProtoMessageType | undefined> | undefined

  const server = http.createServer((req, res) => {
    handle(req)
      .catch((error: unknown) => {
        if (error instanceof TwirpError) {
          return { status: error.status, body: { code: error.code, msg: error.message } }
        }
        return { status: 500, body: { code: 'internal', msg: String(error) } }
      })
      .then(({ status, body, protobuf }: Answer) => {
        // Twirp errors are JSON whatever the request's encoding.
        const bytes = protobuf ?? Buffer.from(JSON.stringify(body))
        res.writeHead(status, {
          'content-type': protobuf ? 'application/protobuf' : 'application/json',
          'content-length': bytes.byteLength,
        })
        res.end(bytes)
      })
      .catch(() => res.destroy())
  })
  server.requestTimeout = 60_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo

  let closed: Promise<void> | undefined
  const close = (): Promise<void> => {
    closed ??= (async () => {
      clearTimeout(lifetime)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await stopProcess(azurite)
      if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true })
    })()
    return closed
  }
  // Bound the service's life: a test that forgets close() does not keep the process alive.
  const lifetime = setTimeout(() => void close(), lifetimeMs)
  lifetime.unref()

  const url = `http://127.0.0.1:${port}/`
  const artifactBlob = async (name: string): Promise<Buffer> => {
    const entry = artifacts.find((a) => a.name === name && a.finalized)
    if (!entry) throw new Error(`no finalized artifact named ${name}`)
    return container.getBlockBlobClient(entry.blob).downloadToBuffer()
  }

  return {
    url,
    blobUrl,
    env: {
      ACTIONS_CACHE_SERVICE_V2: '1',
      ACTIONS_RESULTS_URL: url,
      ACTIONS_RUNTIME_TOKEN: token,
      GITHUB_SERVER_URL: 'https://github.com',
      // @actions/artifact reads these only for the GitHub REST API (other runs); harmless here.
      GITHUB_REPOSITORY: 'octo-org/octo-repo',
      GITHUB_RUN_ID: '1',
    },
    calls,
    callCount: (method) => calls.get(method) ?? 0,
    maxInFlight: (method) => maxInFlight.get(method) ?? 0,
    setLatency: (ms) => {
      latencyMs = ms
    },
    cacheEntries: () =>
      cache.map((e) => ({
        id: e.id,
        key: e.key,
        version: e.version,
        finalized: e.finalized,
        sizeBytes: e.sizeBytes,
        reportedSizeBytes: e.reportedSizeBytes,
        createdAt: e.createdAt,
      })),
    cacheEntryBlob: async (key) => {
      const entry = cache.filter((e) => e.key === key && e.finalized).pop()
      if (!entry) throw new Error(`no finalized cache entry with key ${key}`)
      return container.getBlockBlobClient(entry.blob).downloadToBuffer()
    },
    replaceCacheEntryBlob: async (key, bytes) => {
      const entry = cache.filter((e) => e.key === key && e.finalized).pop()
      if (!entry) throw new Error(`no finalized cache entry with key ${key}`)
      await container.getBlockBlobClient(entry.blob).uploadData(bytes)
      entry.sizeBytes = bytes.length
    },
    artifacts: () =>
      artifacts.map((a) => ({
        id: a.id,
        name: a.name,
        finalized: a.finalized,
        sizeBytes: a.sizeBytes,
        mimeType: a.mimeType,
        hash: a.hash,
        expiresAt: a.expiresAt,
      })),
    artifactBlob,
    artifactFiles: async (name) => unzip(await artifactBlob(name)),
    fail: (fault = {}) => void faults.push({ ...fault }),
    reset: () => void faults.splice(0),
    close,
  }
}

/** Exact key, then the newest key starting with `key`, then each restore key as a prefix. */
export function lookup<T extends { key: string; createdAt: Date; id: number }>(
  entries: readonly T[],
  key: string,
  restoreKeys: readonly string[],
): T | undefined {
  const newest = (list: T[]): T | undefined =>
    list.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id)[0]
  const exact = newest(entries.filter((e) => e.key === key))
  if (exact) return exact
  for (const prefix of [key, ...restoreKeys]) {
    const found = newest(entries.filter((e) => e.key.startsWith(prefix)))
    if (found) return found
  }
  return undefined
}

/** An unsigned JWT-shaped token carrying the `Actions.Results:<run>:<job>` scope the artifact client parses. */
function runtimeToken(): string {
  const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url')
  return [
    part({ alg: 'none', typ: 'JWT' }),
    part({
      scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${WORKFLOW_RUN_BACKEND_ID}:${WORKFLOW_JOB_RUN_BACKEND_ID}`,
      exp: Math.floor(Date.now() / 1000) + 6 * 3600,
    }),
    'emulator',
  ].join('.')
}

function requireString(body: Json, field: string): string {
  const value = body[field]
  if (typeof value !== 'string' || value === '') {
    throw new TwirpError(400, 'invalid_argument', `${field} is required`)
  }
  return value
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

const AZURITE_START_MS = 180_000

async function waitForAzurite(
  container: ContainerClient,
  child: ChildProcess,
  stderr: () => string,
): Promise<void> {
  // Azurite (a Node program) starts in about a second when the machine is idle, and in tens of
  // seconds on two cores that are also compiling Rust.
  const deadline = Date.now() + AZURITE_START_MS
  let last: unknown
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`azurite exited with ${child.exitCode}: ${stderr()}`)
    }
    try {
      await container.createIfNotExists()
      return
    } catch (error) {
      last = error
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  throw new Error(
    `azurite did not start within ${AZURITE_START_MS / 1000} s: ${String(last)} ${stderr()}`,
  )
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000)
    child.once('exit', () => {
      clearTimeout(kill)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, file) => {
      if (err) return reject(err)
      const files = new Map<string, Buffer>()
      file.on('error', reject)
      file.on('end', () => resolve(files))
      file.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return file.readEntry()
        file.openReadStream(entry, (e, stream) => {
          if (e) return reject(e)
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => chunks.push(c))
          stream.on('error', reject)
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks))
            file.readEntry()
          })
        })
      })
      file.readEntry()
    })
  })
}
