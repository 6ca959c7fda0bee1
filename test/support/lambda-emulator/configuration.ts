/**
 * The function's configuration: UpdateFunctionConfiguration (PUT
 * /2015-03-31/functions/{FunctionName}/configuration), as the API reference describes it.
 *
 * Implemented: `MemorySize` (128-10,240 MB), `Timeout` (1-900 s), `Description` (at most 256
 * characters), `Environment` (`{ Variables }`, which replaces the whole set; keys
 * `[a-zA-Z]([a-zA-Z0-9_])+`; at most 4 KB; Lambda's reserved keys refused), `Layers` (layer
 * version ARNs, each at most 140 characters; at most 5; each must exist; one version per layer;
 * the list replaces the function's layers, in the order given) and `RevisionId`. Every other
 * documented field is refused as not implemented, so a client that sends one finds out.
 *
 * Like a code update, the change leaves LastUpdateStatus InProgress for the function's update time
 * (a write meanwhile gets 409), then Successful, and gives the function a new RevisionId.
 */
import { randomUUID } from 'node:crypto'
import { checkRevision, invalidContent, invalidParameter, validation } from './errors.js'
import { findLayerVersion } from './layers.js'
import type { OperationDef } from './operation.js'
import type { FunctionLayer } from './types.js'
import { lambdaTimestamp, type World } from './world.js'

const LAYER_VERSION_ARN_PATTERN =
  '(arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)'
const LAYER_VERSION_ARN = new RegExp(`^(?:${LAYER_VERSION_ARN_PATTERN})$`)
const ENV_KEY = /^[a-zA-Z]([a-zA-Z0-9_])+$/
/** Keys Lambda sets itself and refuses in Environment (Lambda developer guide, "Reserved environment variables"). */
const RESERVED_KEYS: readonly string[] = [
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]
const NOT_IMPLEMENTED = [
  'Role',
  'Handler',
  'Runtime',
  'VpcConfig',
  'DeadLetterConfig',
  'KMSKeyArn',
  'TracingConfig',
  'FileSystemConfigs',
  'ImageConfig',
  'EphemeralStorage',
  'SnapStart',
  'LoggingConfig',
] as const

export const MAX_LAYERS = 5

function layersOf(world: World, value: unknown, packageType: 'Zip' | 'Image'): FunctionLayer[] {
  const arns = value as unknown[]
  for (const arn of arns) {
    if (typeof arn !== 'string' || arn.length > 140 || !LAYER_VERSION_ARN.test(arn)) {
      throw validation(
        `1 validation error detected: Value '${JSON.stringify(arns)}' at 'layers' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 140, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ${LAYER_VERSION_ARN_PATTERN}, Member must not be null]`,
      )
    }
  }
  if (packageType === 'Image' && arns.length > 0) {
    throw invalidParameter('Layers are not supported for functions with packageType Image.')
  }
  if (arns.length > MAX_LAYERS) {
    throw invalidParameter(`Cannot reference more than ${MAX_LAYERS} layers.`)
  }
  const seen = new Set<string>()
  return (arns as string[]).map((arn) => {
    const layer = arn.slice(0, arn.lastIndexOf(':'))
    if (seen.has(layer)) {
      throw invalidParameter(`Two different versions of the same layer are not allowed: ${layer}`)
    }
    seen.add(layer)
    const version = findLayerVersion(world, arn)
    if (version === undefined) throw invalidParameter(`Layer version ${arn} does not exist.`)
    return { arn, codeSize: version.codeSize }
  })
}

function environmentOf(value: unknown): Record<string, string> {
  const env = value as Record<string, unknown>
  for (const k of Object.keys(env)) {
    if (k !== 'Variables') {
      throw invalidContent(
        `Could not parse request body into json: Unrecognized field "${k}" (class com.amazonaws.lambda.Environment), not marked as ignorable`,
      )
    }
  }
  const vars = (env.Variables ?? {}) as Record<string, unknown>
  if (typeof vars !== 'object' || vars === null || Array.isArray(vars)) {
    throw validation('Environment.Variables must be a map of strings.')
  }
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(vars)) {
    if (typeof v !== 'string') throw validation(`Environment variable ${k} must be a string.`)
    if (!ENV_KEY.test(k)) {
      throw validation(
        `1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]`,
      )
    }
    out[k] = v
  }
  const reserved = Object.keys(out).filter((k) => RESERVED_KEYS.includes(k))
  if (reserved.length > 0) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    )
  }
  const measured = JSON.stringify(out)
  if (Buffer.byteLength(measured) > 4096) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`,
    )
  }
  return out
}

function integerIn(field: string, value: unknown, min: number, max: number): number {
  const n = value as number
  if (!Number.isInteger(n) || n < min || n > max) {
    throw validation(
      `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must have value ${n < min ? 'greater than or equal to ' + String(min) : 'less than or equal to ' + String(max)}`,
    )
  }
  return n
}

export const updateFunctionConfiguration: OperationDef = {
  name: 'UpdateFunctionConfiguration',
  method: 'PUT',
  path: ['2015-03-31', 'functions', '{FunctionName}', 'configuration'],
  write: true,
  body: {
    DeadLetterConfig: 'object',
    Description: 'string',
    Environment: 'object',
    EphemeralStorage: 'object',
    FileSystemConfigs: 'array',
    Handler: 'string',
    ImageConfig: 'object',
    KMSKeyArn: 'string',
    Layers: 'array',
    LoggingConfig: 'object',
    MemorySize: 'number',
    RevisionId: 'string',
    Role: 'string',
    Runtime: 'string',
    SnapStart: 'object',
    Timeout: 'number',
    TracingConfig: 'object',
    VpcConfig: 'object',
  },
  handle: async (world, { params, body }) => {
    const { f, qualifier } = world.resolve(params.FunctionName ?? '')
    if (qualifier !== undefined) {
      throw invalidParameter(
        'Unsupported qualifier: the configuration of $LATEST is updated, give the function without a qualifier.',
      )
    }
    const unsupported = NOT_IMPLEMENTED.filter((k) => body[k] !== undefined)
    if (unsupported.length > 0) {
      throw invalidParameter(
        `The emulator does not implement ${unsupported.join(', ')} in UpdateFunctionConfiguration.`,
      )
    }
    const next = { ...f.settings }
    if (body.MemorySize !== undefined) {
      next.memorySize = integerIn('memorySize', body.MemorySize, 128, 10_240)
    }
    if (body.Timeout !== undefined) next.timeout = integerIn('timeout', body.Timeout, 1, 900)
    if (body.Description !== undefined) {
      const d = body.Description as string
      if (d.length > 256) {
        throw validation(
          "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 256",
        )
      }
      next.description = d
    }
    if (body.Environment !== undefined) next.environment = environmentOf(body.Environment)
    if (body.Layers !== undefined) next.layers = layersOf(world, body.Layers, f.packageType)
    world.busy(f)
    checkRevision(f.revisionId, body.RevisionId)
    await Promise.resolve()
    f.settings = next
    f.configurationUpdates += 1
    f.revisionId = randomUUID()
    f.lastModified = lambdaTimestamp(Date.now())
    f.lastUpdateStatus = 'InProgress'
    f.lastUpdateStatusReason = undefined
    f.lastUpdateStatusReasonCode = undefined
    f.updateUntil = Date.now() + (f.updateMs ?? world.defaultUpdateMs)
    return [200, world.configuration(f)]
  },
}

export const CONFIGURATION_OPERATIONS: readonly OperationDef[] = [updateFunctionConfiguration]
