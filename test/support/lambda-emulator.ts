/**
 * A local AWS Lambda control-plane emulator for the deploy tests: the documented REST-JSON API
 * (API version 2015-03-31) for the operations the action calls, with Lambda's state machine.
 *
 *   GET  /2015-03-31/functions/{FunctionName}[?Qualifier=]     GetFunction
 *   PUT  /2015-03-31/functions/{FunctionName}/code             UpdateFunctionCode
 *   POST /2015-03-31/functions/{FunctionName}/versions         PublishVersion
 *   POST /2015-03-31/functions/{FunctionName}/aliases          CreateAlias
 *   GET  /2015-03-31/functions/{FunctionName}/aliases/{Name}   GetAlias
 *   PUT  /2015-03-31/functions/{FunctionName}/aliases/{Name}   UpdateAlias
 *
 * FunctionName may be a name, a partial ARN or a full ARN. After a code update LastUpdateStatus
 * is InProgress for `updateMs`, then Successful (or Failed with a reason); a write meanwhile gets
 * 409 ResourceConflictException, a stale RevisionId 412 PreconditionFailedException, an unknown
 * function 404 ResourceNotFoundException (its message carries the ARN, as Lambda's does).
 * CodeSha256 is base64(sha256(zip)); S3 code is fetched from an S3 endpoint (s3rver in the tests).
 * Strict: an unknown body field, a wrong type, a wrong method, a missing or wrongly scoped SigV4
 * Authorization header are errors. Faults (409, 403, 429, ...) and latency can be injected, and
 * every call is counted per operation and function. Binds 127.0.0.1 only, closes itself after
 * `lifetimeMs`.
 */
import { createHash, randomUUID } from 'node:crypto'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'

export type Operation =
  | 'GetFunction'
  | 'UpdateFunctionCode'
  | 'PublishVersion'
  | 'GetAlias'
  | 'CreateAlias'
  | 'UpdateAlias'

export const WRITE_OPERATIONS: readonly Operation[] = [
  'UpdateFunctionCode',
  'PublishVersion',
  'CreateAlias',
  'UpdateAlias',
]

export type Arch = 'x86_64' | 'arm64'

export interface FunctionSpec {
  readonly name: string
  readonly architecture?: Arch
  /** Initial code (default: a small placeholder zip). */
  readonly zip?: Buffer
  readonly packageType?: 'Zip' | 'Image'
  /** The function starts in State Pending for this long (a just-created function). */
  readonly pendingMs?: number
  /** How long a code update stays InProgress (default: the emulator's updateMs). */
  readonly updateMs?: number
  /** Every code update of this function ends Failed with this LastUpdateStatusReason. */
  readonly failUpdate?: string
}

export interface Fault {
  readonly operation: Operation
  /** Only for this function name (default: any). */
  readonly function?: string
  readonly status: number
  readonly code: string
  readonly message?: string
  /** How many times to answer with the fault (default: always). */
  readonly times?: number
}

export interface EmulatorOptions {
  readonly region?: string
  readonly account?: string
  /** Added to every request before it is answered. */
  readonly latencyMs?: number
  /** How long a code update stays InProgress. */
  readonly updateMs?: number
  /** Base URL of the S3 endpoint to fetch S3Bucket/S3Key code from (path style). */
  readonly s3Endpoint?: string
  /** The server closes itself after this long (default 5 minutes). */
  readonly lifetimeMs?: number
}

export interface VersionState {
  readonly version: string
  readonly codeSha256: string
  readonly codeSize: number
  readonly architectures: Arch[]
  readonly revisionId: string
  /** $LATEST's RevisionId the version was published from. */
  readonly fromRevision: string
}

export interface AliasState {
  name: string
  functionVersion: string
  revisionId: string
  description: string
}

export interface FunctionState {
  readonly name: string
  readonly arn: string
  packageType: 'Zip' | 'Image'
  architectures: Arch[]
  codeSha256: string
  codeSize: number
  zip: Buffer
  revisionId: string
  lastModified: string
  state: 'Pending' | 'Active'
  pendingUntil: number
  lastUpdateStatus: 'Successful' | 'Failed' | 'InProgress'
  lastUpdateStatusReason: string | undefined
  lastUpdateStatusReasonCode: string | undefined
  updateUntil: number
  updateMs: number | undefined
  failUpdate: string | undefined
  versions: VersionState[]
  aliases: Map<string, AliasState>
  /** S3 locations the code came from, in order. */
  s3Sources: { bucket: string; key: string }[]
  dryRuns: number
}

export interface RequestRecord {
  readonly method: string
  readonly path: string
  readonly operation: Operation | undefined
  readonly function: string | undefined
  readonly status: number
  readonly accessKeyId: string | undefined
  readonly at: number
}

export interface LambdaEmulator {
  readonly url: string
  readonly region: string
  readonly account: string
  addFunction(spec: FunctionSpec): FunctionState
  /** The live state of a function (throws when unknown). */
  fn(name: string): FunctionState
  inject(fault: Fault): void
  clearFaults(): void
  setLatency(ms: number): void
  /** Calls per operation for one function (or all functions). */
  calls(name?: string): Record<Operation, number>
  /** Write calls (UpdateFunctionCode, PublishVersion, CreateAlias, UpdateAlias) for a function. */
  writes(name?: string): number
  readonly requests: readonly RequestRecord[]
  close(): Promise<void>
}

/** Lambda's inline upload limit for UpdateFunctionCode (the whole JSON request). */
export const MAX_UPDATE_REQUEST_BYTES = 69_905_067

// No parameter properties: the file stays runnable by Node's type stripping (the demo runs it).
class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly headers: Record<string, string>
  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message)
    this.status = status
    this.code = code
    this.headers = headers
  }
}

const NAME = '[a-zA-Z0-9_-]{1,64}'
const FULL_ARN = new RegExp(
  `^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\\d{12}):function:(${NAME})(?::([a-zA-Z0-9$_-]+))?$`,
)
const PARTIAL_ARN = new RegExp(`^(\\d{12}):function:(${NAME})(?::([a-zA-Z0-9$_-]+))?$`)
const BARE = new RegExp(`^(${NAME})(?::([a-zA-Z0-9$_-]+))?$`)
const ALIAS_NAME = /^(?!^[0-9]+$)[a-zA-Z0-9_-]{1,128}$/

const BODY_FIELDS: Partial<
  Record<Operation, Record<string, 'string' | 'boolean' | 'array' | 'object'>>
> = {
  UpdateFunctionCode: {
    ZipFile: 'string',
    S3Bucket: 'string',
    S3Key: 'string',
    S3ObjectVersion: 'string',
    S3ObjectStorageMode: 'string',
    ImageUri: 'string',
    Publish: 'boolean',
    PublishTo: 'string',
    DryRun: 'boolean',
    RevisionId: 'string',
    Architectures: 'array',
    SourceKMSKeyArn: 'string',
  },
  PublishVersion: {
    CodeSha256: 'string',
    Description: 'string',
    RevisionId: 'string',
    PublishTo: 'string',
  },
  CreateAlias: {
    Name: 'string',
    FunctionVersion: 'string',
    Description: 'string',
    RoutingConfig: 'object',
  },
  UpdateAlias: {
    FunctionVersion: 'string',
    Description: 'string',
    RoutingConfig: 'object',
    RevisionId: 'string',
  },
}

const PLACEHOLDER_ZIP = Buffer.from(
  // An empty zip: just the end-of-central-directory record.
  '504b0506000000000000000000000000000000000000',
  'hex',
)

export function codeSha256(zip: Buffer): string {
  return createHash('sha256').update(zip).digest('base64')
}

function lambdaTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000')
}

export async function startLambdaEmulator(options: EmulatorOptions = {}): Promise<LambdaEmulator> {
  const region = options.region ?? 'us-east-1'
  const account = options.account ?? '123456789012'
  let latencyMs = options.latencyMs ?? 0
  const defaultUpdateMs = options.updateMs ?? 30
  const functions = new Map<string, FunctionState>()
  const faults: (Fault & { left: number })[] = []
  const counts = new Map<string, Record<Operation, number>>()
  const requests: RequestRecord[] = []
  const arnOf = (name: string): string => `arn:aws:lambda:${region}:${account}:function:${name}`

  const zeroCounts = (): Record<Operation, number> => ({
    GetFunction: 0,
    UpdateFunctionCode: 0,
    PublishVersion: 0,
    GetAlias: 0,
    CreateAlias: 0,
    UpdateAlias: 0,
  })
  const count = (name: string, op: Operation): void => {
    const c = counts.get(name) ?? zeroCounts()
    c[op] += 1
    counts.set(name, c)
  }

  /** Moves time-based states forward (Pending -> Active, InProgress -> Successful/Failed). */
  const settle = (f: FunctionState): void => {
    const now = Date.now()
    if (f.state === 'Pending' && now >= f.pendingUntil) f.state = 'Active'
    if (f.lastUpdateStatus === 'InProgress' && now >= f.updateUntil) {
      if (f.failUpdate !== undefined) {
        f.lastUpdateStatus = 'Failed'
        f.lastUpdateStatusReason = f.failUpdate
        f.lastUpdateStatusReasonCode = 'InvalidRuntime'
      } else {
        f.lastUpdateStatus = 'Successful'
        f.lastUpdateStatusReason = undefined
        f.lastUpdateStatusReasonCode = undefined
      }
    }
  }

  const resolve = (given: string): { f: FunctionState; qualifier: string | undefined } => {
    let name: string | undefined
    let qualifier: string | undefined
    let m: RegExpExecArray | null
    if ((m = FULL_ARN.exec(given)) !== null) {
      if (m[1] !== region || m[2] !== account) {
        throw new ApiError(404, 'ResourceNotFoundException', `Function not found: ${given}`)
      }
      name = m[3]
      qualifier = m[4]
    } else if ((m = PARTIAL_ARN.exec(given)) !== null) {
      if (m[1] !== account) {
        throw new ApiError(404, 'ResourceNotFoundException', `Function not found: ${given}`)
      }
      name = m[2]
      qualifier = m[3]
    } else if ((m = BARE.exec(given)) !== null) {
      name = m[1]
      qualifier = m[2]
    } else {
      throw new ApiError(
        400,
        'ValidationException',
        `1 validation error detected: Value '${given}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?`,
      )
    }
    const f = functions.get(name as string)
    if (f === undefined) {
      throw new ApiError(
        404,
        'ResourceNotFoundException',
        `Function not found: ${arnOf(name as string)}`,
      )
    }
    settle(f)
    return { f, qualifier }
  }

  const configuration = (f: FunctionState, version?: VersionState): Record<string, unknown> => {
    const v = version
    return {
      FunctionName: f.name,
      FunctionArn: v ? `${f.arn}:${v.version}` : f.arn,
      Runtime: 'provided.al2023',
      Role: `arn:aws:iam::${account}:role/lambda-role`,
      Handler: 'bootstrap',
      CodeSize: v ? v.codeSize : f.codeSize,
      Description: '',
      Timeout: 3,
      MemorySize: 128,
      LastModified: f.lastModified,
      CodeSha256: v ? v.codeSha256 : f.codeSha256,
      Version: v ? v.version : '$LATEST',
      TracingConfig: { Mode: 'PassThrough' },
      RevisionId: v ? v.revisionId : f.revisionId,
      State: v ? 'Active' : f.state,
      ...(f.state === 'Pending' && !v
        ? { StateReason: 'The function is being created.', StateReasonCode: 'Creating' }
        : {}),
      LastUpdateStatus: v ? 'Successful' : f.lastUpdateStatus,
      ...(!v && f.lastUpdateStatus === 'InProgress'
        ? {
            LastUpdateStatusReason: 'The function is being updated.',
            LastUpdateStatusReasonCode: 'Updating',
          }
        : {}),
      ...(!v && f.lastUpdateStatus === 'Failed'
        ? {
            LastUpdateStatusReason: f.lastUpdateStatusReason,
            LastUpdateStatusReasonCode: f.lastUpdateStatusReasonCode,
          }
        : {}),
      PackageType: f.packageType,
      Architectures: v ? v.architectures : f.architectures,
      EphemeralStorage: { Size: 512 },
      SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
      LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${f.name}` },
    }
  }

  const aliasJson = (f: FunctionState, a: AliasState): Record<string, unknown> => ({
    AliasArn: `${f.arn}:${a.name}`,
    Name: a.name,
    FunctionVersion: a.functionVersion,
    Description: a.description,
    RevisionId: a.revisionId,
  })

  const busy = (f: FunctionState): void => {
    if (f.state === 'Pending') {
      throw new ApiError(
        409,
        'ResourceConflictException',
        `The operation cannot be performed at this time. The function is currently in the following state: Pending`,
      )
    }
    if (f.lastUpdateStatus === 'InProgress') {
      throw new ApiError(
        409,
        'ResourceConflictException',
        `The operation cannot be performed at this time. An update is in progress for resource: ${f.arn}`,
      )
    }
  }

  const checkRevision = (actual: string, given: unknown): void => {
    if (given !== undefined && given !== actual) {
      throw new ApiError(
        412,
        'PreconditionFailedException',
        'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
      )
    }
  }

  const fetchS3 = async (bucket: string, key: string): Promise<Buffer> => {
    if (options.s3Endpoint === undefined) {
      throw new ApiError(
        400,
        'InvalidParameterValueException',
        `Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist (the emulator has no S3 endpoint)`,
      )
    }
    const url = `${options.s3Endpoint.replace(/\/$/, '')}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`
    const res = await fetch(url)
    if (res.status === 404) {
      const text = await res.text()
      const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? 'NoSuchKey'
      throw new ApiError(
        400,
        'InvalidParameterValueException',
        `Error occurred while GetObject. S3 Error Code: ${code}. S3 Error Message: The specified ${code === 'NoSuchBucket' ? 'bucket' : 'key'} does not exist.`,
      )
    }
    if (!res.ok) {
      throw new ApiError(
        400,
        'InvalidParameterValueException',
        `Error occurred while GetObject. S3 Error Code: ${res.status}.`,
      )
    }
    return Buffer.from(await res.arrayBuffer())
  }

  const checkZip = (zip: Buffer): void => {
    const local = zip.subarray(0, 4).toString('hex')
    const empty = zip.subarray(0, 4).toString('hex') === '504b0506'
    if (local !== '504b0304' && !empty) {
      throw new ApiError(
        400,
        'InvalidParameterValueException',
        'Could not unzip uploaded file. Please check your file, then try to upload again.',
      )
    }
  }

  const handlers: Record<
    Operation,
    (
      fnName: string,
      body: Record<string, unknown>,
      query: URLSearchParams,
      aliasName: string | undefined,
    ) => Promise<[number, unknown]>
  > = {
    GetFunction: async (fnName, _body, query) => {
      const { f, qualifier: inName } = resolve(fnName)
      const qualifier = query.get('Qualifier') ?? inName
      let version: VersionState | undefined
      if (qualifier !== undefined && qualifier !== '$LATEST') {
        const alias = f.aliases.get(qualifier)
        const target = alias ? alias.functionVersion : qualifier
        if (target !== '$LATEST') {
          version = f.versions.find((v) => v.version === target)
          if (version === undefined) {
            throw new ApiError(
              404,
              'ResourceNotFoundException',
              `Function not found: ${f.arn}:${qualifier}`,
            )
          }
        }
      }
      await Promise.resolve()
      return [
        200,
        {
          Configuration: configuration(f, version),
          Code: {
            RepositoryType: 'S3',
            Location: `https://awslambda-${region}-tasks.s3.${region}.amazonaws.com/snapshots/${account}/${f.name}-${randomUUID()}`,
          },
          Tags: {},
        },
      ]
    },

    UpdateFunctionCode: async (fnName, body) => {
      const { f, qualifier } = resolve(fnName)
      if (qualifier !== undefined) {
        throw new ApiError(
          400,
          'InvalidParameterValueException',
          'Unsupported qualifier: the code of $LATEST is updated, give the function without a qualifier.',
        )
      }
      const sources = [
        body.ZipFile !== undefined,
        body.S3Bucket !== undefined || body.S3Key !== undefined,
        body.ImageUri !== undefined,
      ].filter(Boolean).length
      if (sources !== 1) {
        throw new ApiError(
          400,
          'InvalidParameterValueException',
          'Please provide a source for function code (exactly one of ZipFile, S3Bucket/S3Key or ImageUri).',
        )
      }
      if (body.ImageUri !== undefined || f.packageType === 'Image') {
        throw new ApiError(
          400,
          'InvalidParameterValueException',
          `Please don't provide ImageUri when updating a function with packageType Zip, and use ImageUri for packageType Image.`,
        )
      }
      const arch = body.Architectures as unknown[] | undefined
      if (
        arch !== undefined &&
        (arch.length !== 1 || (arch[0] !== 'x86_64' && arch[0] !== 'arm64'))
      ) {
        throw new ApiError(
          400,
          'ValidationException',
          `1 validation error detected: Value '${JSON.stringify(arch)}' at 'architectures' failed to satisfy constraint: Member must have length less than or equal to 1, and each member must be x86_64 or arm64`,
        )
      }
      busy(f)
      checkRevision(f.revisionId, body.RevisionId)

      let zip: Buffer
      let s3: { bucket: string; key: string } | undefined
      if (typeof body.ZipFile === 'string') {
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body.ZipFile) || body.ZipFile.length % 4 !== 0) {
          throw new ApiError(
            400,
            'InvalidRequestContentException',
            'Could not parse request body into json: ZipFile is not valid base64',
          )
        }
        zip = Buffer.from(body.ZipFile, 'base64')
      } else {
        if (typeof body.S3Bucket !== 'string' || typeof body.S3Key !== 'string') {
          throw new ApiError(
            400,
            'InvalidParameterValueException',
            'S3Bucket and S3Key are both required.',
          )
        }
        s3 = { bucket: body.S3Bucket, key: body.S3Key }
        zip = await fetchS3(s3.bucket, s3.key)
      }
      checkZip(zip)

      if (body.DryRun === true) {
        f.dryRuns += 1
        return [200, configuration(f)]
      }
      f.zip = zip
      f.codeSha256 = codeSha256(zip)
      f.codeSize = zip.length
      if (arch !== undefined) f.architectures = [arch[0] as Arch]
      if (s3 !== undefined) f.s3Sources.push(s3)
      f.revisionId = randomUUID()
      f.lastModified = lambdaTimestamp(Date.now())
      f.lastUpdateStatus = 'InProgress'
      f.lastUpdateStatusReason = undefined
      f.lastUpdateStatusReasonCode = undefined
      f.updateUntil = Date.now() + (f.updateMs ?? defaultUpdateMs)
      const response = configuration(f)
      if (body.Publish === true) {
        throw new ApiError(
          400,
          'InvalidParameterValueException',
          'The emulator does not implement Publish on UpdateFunctionCode; call PublishVersion.',
        )
      }
      return [200, response]
    },

    PublishVersion: async (fnName, body) => {
      const { f } = resolve(fnName)
      busy(f)
      checkRevision(f.revisionId, body.RevisionId)
      if (body.CodeSha256 !== undefined && body.CodeSha256 !== f.codeSha256) {
        throw new ApiError(
          400,
          'InvalidParameterValueException',
          `CodeSHA256 (${body.CodeSha256 as string}) is different from current CodeSHA256 in $LATEST (${f.codeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
        )
      }
      const last = f.versions.at(-1)
      if (last !== undefined && last.fromRevision === f.revisionId) {
        // Nothing changed since the last version: Lambda returns that version.
        return [201, configuration(f, last)]
      }
      const v: VersionState = {
        version: String(f.versions.length + 1),
        codeSha256: f.codeSha256,
        codeSize: f.codeSize,
        architectures: [...f.architectures],
        revisionId: randomUUID(),
        fromRevision: f.revisionId,
      }
      f.versions.push(v)
      await Promise.resolve()
      return [201, configuration(f, v)]
    },

    GetAlias: async (fnName, _body, _query, aliasName) => {
      const { f } = resolve(fnName)
      const a = f.aliases.get(aliasName ?? '')
      if (a === undefined) {
        throw new ApiError(
          404,
          'ResourceNotFoundException',
          `Cannot find alias arn: ${f.arn}:${aliasName ?? ''}`,
        )
      }
      await Promise.resolve()
      return [200, aliasJson(f, a)]
    },

    CreateAlias: async (fnName, body) => {
      const { f } = resolve(fnName)
      const name = body.Name
      if (typeof name !== 'string' || !ALIAS_NAME.test(name)) {
        throw new ApiError(
          400,
          'ValidationException',
          `1 validation error detected: Value '${String(name)}' at 'name' failed to satisfy constraint`,
        )
      }
      if (typeof body.FunctionVersion !== 'string') {
        throw new ApiError(
          400,
          'ValidationException',
          "1 validation error detected: Value null at 'functionVersion' failed to satisfy constraint: Member must not be null",
        )
      }
      if (f.aliases.has(name)) {
        throw new ApiError(
          409,
          'ResourceConflictException',
          `Alias already exists: ${f.arn}:${name}`,
        )
      }
      checkVersion(f, body.FunctionVersion)
      const a: AliasState = {
        name,
        functionVersion: body.FunctionVersion,
        revisionId: randomUUID(),
        description: typeof body.Description === 'string' ? body.Description : '',
      }
      f.aliases.set(name, a)
      await Promise.resolve()
      return [201, aliasJson(f, a)]
    },

    UpdateAlias: async (fnName, body, _query, aliasName) => {
      const { f } = resolve(fnName)
      const a = f.aliases.get(aliasName ?? '')
      if (a === undefined) {
        throw new ApiError(
          404,
          'ResourceNotFoundException',
          `Alias not found: ${f.arn}:${aliasName ?? ''}`,
        )
      }
      checkRevision(a.revisionId, body.RevisionId)
      if (typeof body.FunctionVersion === 'string') {
        checkVersion(f, body.FunctionVersion)
        a.functionVersion = body.FunctionVersion
      }
      if (typeof body.Description === 'string') a.description = body.Description
      a.revisionId = randomUUID()
      await Promise.resolve()
      return [200, aliasJson(f, a)]
    },
  }

  const checkVersion = (f: FunctionState, version: string): void => {
    if (version !== '$LATEST' && !f.versions.some((v) => v.version === version)) {
      throw new ApiError(
        404,
        'ResourceNotFoundException',
        `Function not found: ${f.arn}:${version}`,
      )
    }
  }

  const route = (
    method: string,
    segments: string[],
  ): { op: Operation; fn: string; alias?: string } | 'wrong-method' | undefined => {
    if (segments[0] !== '2015-03-31' || segments[1] !== 'functions' || segments[2] === undefined) {
      return undefined
    }
    const fn = segments[2]
    const rest = segments.slice(3)
    const pick = (table: Record<string, Operation>): Operation | 'wrong-method' =>
      table[method] ?? 'wrong-method'
    let op: Operation | 'wrong-method'
    let alias: string | undefined
    if (rest.length === 0) op = pick({ GET: 'GetFunction' })
    else if (rest.length === 1 && rest[0] === 'code') op = pick({ PUT: 'UpdateFunctionCode' })
    else if (rest.length === 1 && rest[0] === 'versions') op = pick({ POST: 'PublishVersion' })
    else if (rest.length === 1 && rest[0] === 'aliases') op = pick({ POST: 'CreateAlias' })
    else if (rest.length === 2 && rest[0] === 'aliases') {
      op = pick({ GET: 'GetAlias', PUT: 'UpdateAlias' })
      alias = rest[1]
    } else return undefined
    if (op === 'wrong-method') return op
    return alias === undefined ? { op, fn } : { op, fn, alias }
  }

  const parseAuth = (header: string | undefined): string => {
    if (header === undefined) {
      throw new ApiError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token')
    }
    const m =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=[^,]+, ?Signature=[0-9a-f]{64}$/.exec(
        header,
      )
    if (m === null) {
      throw new ApiError(
        403,
        'IncompleteSignatureException',
        `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' (SigV4).`,
      )
    }
    if (m[3] !== region) {
      throw new ApiError(
        403,
        'InvalidSignatureException',
        `Credential should be scoped to a valid region. (got ${m[3]}, expected ${region})`,
      )
    }
    if (m[4] !== 'lambda') {
      throw new ApiError(
        403,
        'InvalidSignatureException',
        `Credential should be scoped to correct service: 'lambda'.`,
      )
    }
    return m[1] as string
  }

  const validateBody = (
    op: Operation,
    raw: Buffer,
    contentType: string | undefined,
  ): Record<string, unknown> => {
    const fields = BODY_FIELDS[op]
    if (fields === undefined) {
      if (raw.length > 0) {
        throw new ApiError(400, 'InvalidRequestContentException', `${op} takes no request body.`)
      }
      return {}
    }
    if (op === 'UpdateFunctionCode' && raw.length > MAX_UPDATE_REQUEST_BYTES) {
      throw new ApiError(
        413,
        'RequestEntityTooLargeException',
        `Request must be smaller than ${MAX_UPDATE_REQUEST_BYTES} bytes for the UpdateFunctionCode operation`,
      )
    }
    if (!contentType?.startsWith('application/json')) {
      throw new ApiError(
        400,
        'InvalidRequestContentException',
        `Content-Type must be application/json, got ${contentType ?? 'none'}.`,
      )
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(raw.length === 0 ? '{}' : raw.toString('utf8'))
    } catch (e) {
      throw new ApiError(
        400,
        'InvalidRequestContentException',
        `Could not parse request body into json: ${(e as Error).message}`,
      )
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ApiError(
        400,
        'InvalidRequestContentException',
        'Could not parse request body into json: expected an object',
      )
    }
    for (const [k, v] of Object.entries(parsed)) {
      const type = fields[k]
      if (type === undefined) {
        throw new ApiError(
          400,
          'InvalidRequestContentException',
          `Could not parse request body into json: Unrecognized field "${k}" (class com.amazonaws.lambda.${op}Request), not marked as ignorable`,
        )
      }
      const actual = Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v
      if (actual !== type) {
        throw new ApiError(
          400,
          'InvalidRequestContentException',
          `Could not parse request body into json: field "${k}" must be ${type}, got ${actual}`,
        )
      }
    }
    return parsed as Record<string, unknown>
  }

  const faultFor = (op: Operation, fnName: string | undefined): Fault | undefined => {
    const i = faults.findIndex(
      (f) =>
        f.operation === op && (f.function === undefined || f.function === fnName) && f.left > 0,
    )
    if (i < 0) return undefined
    const fault = faults[i] as Fault & { left: number }
    fault.left -= 1
    return fault
  }

  const faultError = (fault: Fault, op: Operation, f: FunctionState | undefined): ApiError => {
    const arn = f?.arn ?? arnOf('unknown')
    const defaults: Record<string, string> = {
      ResourceConflictException: `The operation cannot be performed at this time. An update is in progress for resource: ${arn}`,
      AccessDeniedException: `User: arn:aws:sts::${account}:assumed-role/deploy/github-actions is not authorized to perform: lambda:${op} on resource: ${arn} because no identity-based policy allows the lambda:${op} action`,
      TooManyRequestsException: 'Rate exceeded',
      ServiceException: 'An internal error occurred.',
    }
    const headers: Record<string, string> = fault.status === 429 ? { 'retry-after': '1' } : {}
    return new ApiError(
      fault.status,
      fault.code,
      fault.message ?? defaults[fault.code] ?? fault.code,
      headers,
    )
  }

  const send = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void => {
    const text = JSON.stringify(body)
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': randomUUID(),
      ...headers,
    })
    res.end(text)
  }

  const sendError = (res: http.ServerResponse, e: ApiError): void => {
    // Lambda's error bodies: most use `message`, ResourceNotFound and AccessDenied `Message`.
    const key =
      e.code === 'ResourceNotFoundException' || e.code === 'AccessDeniedException'
        ? 'Message'
        : 'message'
    const extra = e.code === 'TooManyRequestsException' ? { Reason: 'CallerRateLimitExceeded' } : {}
    send(
      res,
      e.status,
      { Type: 'User', [key]: e.message, ...extra },
      { 'x-amzn-errortype': e.code, ...e.headers },
    )
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks)
        const url = new URL(req.url ?? '/', 'http://127.0.0.1')
        const method = req.method ?? 'GET'
        const segments = url.pathname
          .split('/')
          .filter((s) => s !== '')
          .map((s) => decodeURIComponent(s))
        let op: Operation | undefined
        let fnName: string | undefined
        let status = 500
        let accessKeyId: string | undefined
        try {
          if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs))
          const r = route(method, segments)
          if (r === undefined) {
            throw new ApiError(
              404,
              'UnknownOperationException',
              `Unknown operation: ${method} ${url.pathname}`,
            )
          }
          if (r === 'wrong-method') {
            throw new ApiError(
              400,
              'InvalidRequestContentException',
              `Method ${method} is not supported on ${url.pathname} by this emulator.`,
            )
          }
          op = r.op
          accessKeyId = parseAuth(req.headers.authorization)
          let known: FunctionState | undefined
          try {
            known = resolve(r.fn).f
            fnName = known.name
          } catch {
            fnName = r.fn
          }
          count(fnName, op)
          for (const k of url.searchParams.keys()) {
            if (!(op === 'GetFunction' && k === 'Qualifier')) {
              throw new ApiError(
                400,
                'InvalidRequestContentException',
                `Unknown query parameter ${k} for ${op}.`,
              )
            }
          }
          const body = validateBody(op, raw, req.headers['content-type'])
          const fault = faultFor(op, fnName)
          if (fault !== undefined) throw faultError(fault, op, known)
          const [s, out] = await handlers[op](r.fn, body, url.searchParams, r.alias)
          status = s
          send(res, s, out)
        } catch (e) {
          const err = e instanceof ApiError ? e : new ApiError(500, 'ServiceException', String(e))
          status = err.status
          sendError(res, err)
        }
        requests.push({
          method,
          path: url.pathname,
          operation: op,
          function: fnName,
          status,
          accessKeyId,
          at: Date.now(),
        })
      })()
    })
  })

  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen))
  const port = (server.address() as AddressInfo).port
  const lifetime = setTimeout(() => void close(), options.lifetimeMs ?? 300_000)
  lifetime.unref()
  let closed: Promise<void> | undefined
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolveClose) => {
      clearTimeout(lifetime)
      server.closeAllConnections()
      server.close(() => resolveClose())
    })
    return closed
  }

  const emulator: LambdaEmulator = {
    url: `http://127.0.0.1:${port}`,
    region,
    account,
    addFunction(spec) {
      const zip = spec.zip ?? PLACEHOLDER_ZIP
      const now = Date.now()
      const f: FunctionState = {
        name: spec.name,
        arn: arnOf(spec.name),
        packageType: spec.packageType ?? 'Zip',
        architectures: [spec.architecture ?? 'x86_64'],
        codeSha256: codeSha256(zip),
        codeSize: zip.length,
        zip,
        revisionId: randomUUID(),
        lastModified: lambdaTimestamp(now),
        state: spec.pendingMs ? 'Pending' : 'Active',
        pendingUntil: now + (spec.pendingMs ?? 0),
        lastUpdateStatus: 'Successful',
        lastUpdateStatusReason: undefined,
        lastUpdateStatusReasonCode: undefined,
        updateUntil: 0,
        updateMs: spec.updateMs,
        failUpdate: spec.failUpdate,
        versions: [],
        aliases: new Map(),
        s3Sources: [],
        dryRuns: 0,
      }
      functions.set(spec.name, f)
      return f
    },
    fn(name) {
      const f = functions.get(name)
      if (f === undefined) throw new Error(`emulator: no function ${name}`)
      settle(f)
      return f
    },
    inject(fault) {
      faults.push({ ...fault, left: fault.times ?? Number.POSITIVE_INFINITY })
    },
    clearFaults() {
      faults.length = 0
    },
    setLatency(ms) {
      latencyMs = ms
    },
    calls(name) {
      if (name !== undefined) return { ...(counts.get(name) ?? zeroCounts()) }
      const total = zeroCounts()
      for (const c of counts.values()) {
        for (const op of Object.keys(total) as Operation[]) total[op] += c[op]
      }
      return total
    },
    writes(name) {
      const c = emulator.calls(name)
      return WRITE_OPERATIONS.reduce((n, op) => n + c[op], 0)
    },
    requests,
    close,
  }
  return emulator
}
