/**
 * AWS errors turned into what to do: which IAM actions are missing, which function and
 * operation failed with which AWS error code. Pure (no SDK import): works on the error's shape.
 */
import { Inputs } from '../constants.js'
import { DeployError } from '../errors.js'
import { RetriesExhausted } from './retry.js'

export interface AwsErrorInfo {
  /** AWS error code (`ResourceConflictException`), or the Node error code, or the error's name. */
  readonly code: string
  readonly status: number | undefined
  readonly message: string
  readonly requestId: string | undefined
}

interface ErrorShape {
  name?: unknown
  code?: unknown
  Code?: unknown
  message?: unknown
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown }
}

export function awsErrorInfo(error: unknown): AwsErrorInfo {
  if (error instanceof RetriesExhausted) return awsErrorInfo(error.last)
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape
  const str = (v: unknown): string | undefined =>
    typeof v === 'string' && v !== '' ? v : undefined
  const status = e.$metadata?.httpStatusCode
  const code =
    str(e.Code) ??
    (str(e.name) !== undefined && str(e.name) !== 'Error' ? str(e.name) : undefined) ??
    str(e.code) ??
    (typeof status === 'number' ? `HTTP ${status}` : 'UnknownError')
  return {
    code,
    status: typeof status === 'number' ? status : undefined,
    message: str(e.message) ?? String(error),
    requestId: str(e.$metadata?.requestId),
  }
}

const THROTTLING = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
])
const TRANSIENT = new Set([
  'ServiceException',
  'InternalError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
])

export function isConflict(error: unknown): boolean {
  return awsErrorInfo(error).code === 'ResourceConflictException'
}

export function isThrottling(error: unknown): boolean {
  const { code, status } = awsErrorInfo(error)
  return THROTTLING.has(code) || status === 429
}

/**
 * ResourceConflictException also answers a create of something that exists ("Alias already
 * exists"): waiting never changes that, so it is not retried; the caller reads what exists.
 */
export function isAlreadyExists(error: unknown): boolean {
  const info = awsErrorInfo(
    error instanceof AwsCallError ? { name: error.code, message: error.awsMessage } : error,
  )
  return info.code === 'ResourceConflictException' && /already exists?\b/i.test(info.message)
}

const TRANSPORT = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'TimeoutError',
  'RequestTimeout',
])

/**
 * The request may have reached AWS, but its answer was lost (a reset connection, a timeout): a
 * write may have landed. Such a write is confirmed by reading the resource, never blindly resent.
 */
export function isTransportError(error: unknown): boolean {
  const info = awsErrorInfo(error)
  return TRANSPORT.has(info.code) || /socket hang up|ECONNRESET/i.test(info.message)
}

/** Conflicts (an update in progress), throttling and server-side trouble: worth another try. */
export function isRetryable(error: unknown): boolean {
  const info = awsErrorInfo(error)
  if (isAlreadyExists(error)) return false
  return (
    isConflict(error) ||
    isThrottling(error) ||
    TRANSIENT.has(info.code) ||
    (info.status !== undefined && info.status >= 500)
  )
}

const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'Forbidden'])
const BAD_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidAccessKeyId',
  'CredentialsProviderError',
])

/** A failed AWS call: the message is for the user, `code` and `awsMessage` for the code. */
export class AwsCallError extends DeployError {
  override name = 'AwsCallError'
  constructor(
    message: string,
    readonly code: string,
    readonly awsMessage: string,
  ) {
    super(message)
  }
}

export interface IamNeeds {
  readonly s3: boolean
  readonly publish: boolean
  readonly alias: boolean
  /** `create-function: true`. */
  readonly create?: boolean
  /** `memory-size`, `timeout`, `environment` or `description` given. */
  readonly configure?: boolean
  /** `verify-event` given. */
  readonly verify?: boolean
  /** Extensions published as layers (`layer-name`, or extensions built while deploying). */
  readonly layers?: boolean
}

/** The IAM actions a deploy with these settings calls, in call order. */
export function requiredActions(needs: IamNeeds): string[] {
  return [
    'lambda:GetFunction',
    ...(needs.create ? ['lambda:CreateFunction', 'iam:PassRole'] : []),
    'lambda:UpdateFunctionCode',
    ...(needs.configure ? ['lambda:UpdateFunctionConfiguration'] : []),
    ...(needs.publish ? ['lambda:PublishVersion'] : []),
    // Without an alias, the versions are how a re-run finds the one that already has the code.
    ...(needs.publish && !needs.alias ? ['lambda:ListVersionsByFunction'] : []),
    ...(needs.verify ? ['lambda:InvokeFunction'] : []),
    ...(needs.alias ? ['lambda:GetAlias', 'lambda:UpdateAlias', 'lambda:CreateAlias'] : []),
    ...(needs.layers
      ? ['lambda:ListLayerVersions', 'lambda:GetLayerVersion', 'lambda:PublishLayerVersion']
      : []),
    // Lambda reads the S3 object with the caller's credentials ("make sure your request
    // credentials have permission to GetObject"), so the role needs both.
    ...(needs.s3 ? ['s3:PutObject', 's3:GetObject'] : []),
  ]
}

export interface ErrorContext {
  /** AWS operation, e.g. `UpdateFunctionCode`. */
  readonly operation: string
  /** The function as the user gave it ('' for a call about a layer). */
  readonly function: string
  /** The layer a layer operation is about (PublishLayerVersion, ListLayerVersions, ...). */
  readonly layer?: string | undefined
  readonly region: string
  readonly needs: IamNeeds
  /** `arn:aws:lambda:...:function:name` when known, for the policy hint. */
  readonly functionArn?: string | undefined
  readonly s3Target?: string | undefined
  /** The `s3-bucket` the code goes through, when it does. */
  readonly s3Bucket?: string | undefined
}

/**
 * The bucket's region when an error says the bucket is in another region than the one asked:
 * S3's 301 PermanentRedirect (its x-amz-bucket-region header or Endpoint), or Lambda's
 * "S3 Error Code: PermanentRedirect ... The bucket is in this region: X" when it reads the object.
 * `''` when the error is such a redirect but names no region; undefined when it is not one.
 */
export function bucketRegionOf(error: unknown): string | undefined {
  const info = awsErrorInfo(error)
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    Endpoint?: unknown
    $response?: { headers?: Record<string, string | undefined> }
  }
  const redirect =
    info.code === 'PermanentRedirect' ||
    info.status === 301 ||
    /S3 Error Code: (PermanentRedirect|AuthorizationHeaderMalformed)/.test(info.message)
  if (!redirect) return undefined
  const fromHeader = e.$response?.headers?.['x-amz-bucket-region']
  const fromEndpoint =
    typeof e.Endpoint === 'string'
      ? /\.s3[.-]([a-z0-9-]+)\.amazonaws\./.exec(e.Endpoint)?.[1]
      : undefined
  const fromMessage = /(?:in this region: |expecting ')([a-z0-9-]+)/.exec(info.message)?.[1]
  return fromHeader ?? fromEndpoint ?? fromMessage ?? ''
}

/** Turns any error of an AWS call into a DeployError whose message says what to do. */
export function translateAwsError(error: unknown, ctx: ErrorContext): DeployError {
  if (error instanceof DeployError) return error
  const info = awsErrorInfo(error)
  return new AwsCallError(messageFor(error, info, ctx), info.code, info.message)
}

function messageFor(error: unknown, info: AwsErrorInfo, ctx: ErrorContext): string {
  const service = ctx.operation === 'PutObject' ? 'S3' : 'Lambda'
  const where = `${service} ${ctx.operation} for ${ctx.layer !== undefined ? `layer '${ctx.layer}'` : `function '${ctx.function}'`} in ${ctx.region}`
  const tail = `${info.code}: ${info.message}${info.requestId ? ` (request id ${info.requestId})` : ''}`

  if (ACCESS_DENIED.has(info.code) || (info.status === 403 && !BAD_CREDENTIALS.has(info.code))) {
    const actions = requiredActions(ctx.needs)
    const lambdaActions = actions.filter(
      (a) => a.startsWith('lambda:') && (ctx.layer === undefined) === !a.includes('Layer'),
    )
    const resource =
      ctx.layer !== undefined
        ? `arn:aws:lambda:${ctx.region}:<account>:layer:${ctx.layer}`
        : (ctx.functionArn ?? `arn:aws:lambda:${ctx.region}:<account>:function:<name>`)
    return (
      `Access denied: ${where} was refused (${tail}). The role needs ${lambdaActions.join(', ')} on ${resource} and ${resource}:*` +
      (ctx.needs.s3
        ? `, plus s3:PutObject and s3:GetObject on ${ctx.s3Target ?? 'the s3-bucket objects'}`
        : '') +
      (ctx.needs.create ? ', plus iam:PassRole on the role given as role-arn' : '') +
      `. See the README section "IAM policy".`
    )
  }
  if (info.code === 'CredentialsProviderError') {
    return `No AWS credentials found for ${where} (${info.message}). Configure them before this step, e.g. aws-actions/configure-aws-credentials with role-to-assume (OIDC, needs 'permissions: id-token: write'), or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from secrets.`
  }
  if (BAD_CREDENTIALS.has(info.code)) {
    return `AWS rejected the credentials: ${where} failed (${tail}). Configure credentials before this step, e.g. aws-actions/configure-aws-credentials with role-to-assume (OIDC, needs 'permissions: id-token: write').`
  }
  if (error instanceof RetriesExhausted) {
    const what = isConflict(error.last)
      ? 'another update of the function kept it busy'
      : isThrottling(error.last)
        ? 'AWS kept throttling the requests'
        : 'AWS kept failing'
    return `${where} failed after ${error.attempts} attempts over ${(error.waitedMs / 1000).toFixed(1)} s: ${what} (${tail}). Re-run the job once the other deployment has finished, or lower 'deploy-concurrency'.`
  }
  const bucketRegion = ctx.s3Bucket !== undefined ? bucketRegionOf(error) : undefined
  if (bucketRegion !== undefined) {
    const isIn = bucketRegion === '' ? 'in another region' : `in ${bucketRegion}`
    return `The S3 bucket '${ctx.s3Bucket ?? ''}' (input '${Inputs.S3Bucket}') is ${isIn}, not in the function's region ${ctx.region}: Lambda reads the code only from a bucket in the same region as the function. Set '${Inputs.S3Bucket}' to a bucket in ${ctx.region} (${where} failed: ${tail}).`
  }
  if (info.code === 'PreconditionFailedException') {
    return `${where} failed: the function was changed by someone else while this deploy ran (${tail}). Re-run the job to deploy on top of the new state.`
  }
  return `${where} failed: ${tail}.`
}
