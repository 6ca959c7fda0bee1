/**
 * A function's configuration: CreateFunction and UpdateFunctionConfiguration, with the checks
 * the API reference gives for the fields the emulator keeps (Role, Runtime, Handler, MemorySize,
 * Timeout, Description, Environment, Layers). The other documented fields are refused with a
 * message saying the emulator does not implement them, never silently dropped.
 */
import { checkZip, codeSha256, decodeZipFile, fetchS3 } from './code.js'
import {
  ApiError,
  checkRevision,
  conflict,
  invalidContent,
  invalidParameter,
  validation,
} from './errors.js'
import type { FieldType, OperationDef } from './operation.js'
import type { FunctionSettings } from './types.js'
import { defaultSettings, lambdaTimestamp, layerVersionOf, type World } from './world.js'
import { randomUUID } from 'node:crypto'

const ROLE = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/
const LAYER =
  /^arn:[a-zA-Z0-9-]+:lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+$/
const ENV_KEY = /^[a-zA-Z]([a-zA-Z0-9_])+$/
const RUNTIMES = new Set(['provided.al2023', 'provided.al2', 'provided'])
const RESERVED = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
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
])

/** Documented fields the emulator accepts in the body and refuses when present. */
const NOT_EMULATED: Readonly<Record<string, FieldType>> = {
  VpcConfig: 'object',
  DeadLetterConfig: 'object',
  KMSKeyArn: 'string',
  TracingConfig: 'object',
  FileSystemConfigs: 'array',
  ImageConfig: 'object',
  EphemeralStorage: 'object',
  SnapStart: 'object',
  LoggingConfig: 'object',
}

function refuseNotEmulated(operation: string, body: Record<string, unknown>): void {
  for (const k of [
    ...Object.keys(NOT_EMULATED),
    'Tags',
    'CodeSigningConfigArn',
    'SnapStartConfig',
  ]) {
    if (body[k] !== undefined) {
      throw invalidParameter(`The emulator does not implement ${k} on ${operation}.`)
    }
  }
}

function fail(field: string, value: unknown, constraint: string): ApiError {
  return validation(
    `1 validation error detected: Value '${typeof value === 'string' ? value : JSON.stringify(value)}' at '${field}' failed to satisfy constraint: ${constraint}`,
  )
}

/** The settings a body gives, checked, applied over `base`. */
function settingsFrom(body: Record<string, unknown>, base: FunctionSettings): FunctionSettings {
  const next: FunctionSettings = {
    ...base,
    environment: { ...base.environment },
    layers: [...base.layers],
  }
  if (body.Role !== undefined) {
    if (!ROLE.test(body.Role as string)) {
      throw fail(
        'role',
        body.Role,
        `Member must satisfy regular expression pattern: ${ROLE.source}`,
      )
    }
    next.role = body.Role as string
  }
  if (body.Runtime !== undefined) {
    if (!RUNTIMES.has(body.Runtime as string)) {
      throw invalidParameter(
        `The runtime parameter of ${body.Runtime as string} is not supported by this emulator (custom runtimes only).`,
      )
    }
    next.runtime = body.Runtime as string
  }
  if (body.Handler !== undefined) {
    if ((body.Handler as string).length > 128) {
      throw fail('handler', body.Handler, 'Member must have length less than or equal to 128')
    }
    next.handler = body.Handler as string
  }
  if (body.MemorySize !== undefined) {
    const m = body.MemorySize as number
    if (!Number.isInteger(m) || m < 128 || m > 10_240) {
      throw fail(
        'memorySize',
        m,
        m < 128
          ? 'Member must have value greater than or equal to 128'
          : 'Member must have value less than or equal to 10240',
      )
    }
    next.memorySize = m
  }
  if (body.Timeout !== undefined) {
    const t = body.Timeout as number
    if (!Number.isInteger(t) || t < 1 || t > 900) {
      throw fail(
        'timeout',
        t,
        t < 1
          ? 'Member must have value greater than or equal to 1'
          : 'Member must have value less than or equal to 900',
      )
    }
    next.timeout = t
  }
  if (body.Description !== undefined) {
    if ((body.Description as string).length > 256) {
      throw fail(
        'description',
        body.Description,
        'Member must have length less than or equal to 256',
      )
    }
    next.description = body.Description as string
  }
  if (body.Environment !== undefined) next.environment = environmentOf(body.Environment)
  if (body.Layers !== undefined) {
    const layers = body.Layers as unknown[]
    if (layers.length > 5) {
      throw invalidParameter('Cannot add more than 5 layers to your function.')
    }
    for (const l of layers) {
      if (typeof l !== 'string' || !LAYER.test(l)) {
        throw fail('layers', l, `Member must satisfy regular expression pattern: ${LAYER.source}`)
      }
    }
    next.layers = layers as string[]
  }
  return next
}

/**
 * Each layer version must exist ("Layer version <arn> does not exist"), and a function may use one
 * version of a layer: two versions of the same layer are refused.
 */
function checkLayers(world: World, layers: readonly string[]): void {
  const seen = new Set<string>()
  for (const arn of layers) {
    const layer = arn.slice(0, arn.lastIndexOf(':'))
    if (seen.has(layer)) {
      throw invalidParameter(`Two different versions of the same layer are not allowed: ${layer}`)
    }
    seen.add(layer)
    if (layerVersionOf(world.layers, arn) === undefined) {
      throw invalidParameter(`Layer version ${arn} does not exist.`)
    }
  }
}

/** Environment: `{ Variables: { KEY: "value" } }`; replaces the whole set (API reference). */
function environmentOf(value: unknown): Record<string, string> {
  const v = value as Record<string, unknown>
  const extra = Object.keys(v).filter((k) => k !== 'Variables')
  if (extra.length > 0) {
    throw invalidContent(
      `Could not parse request body into json: Unrecognized field "${extra[0] ?? ''}" (class com.amazonaws.lambda.Environment), not marked as ignorable`,
    )
  }
  const vars = (v.Variables ?? {}) as Record<string, unknown>
  if (typeof vars !== 'object' || vars === null || Array.isArray(vars)) {
    throw invalidContent('Could not parse request body into json: Variables must be a map')
  }
  const out: Record<string, string> = {}
  let bytes = 0
  const reserved: string[] = []
  for (const [k, val] of Object.entries(vars)) {
    if (!ENV_KEY.test(k)) {
      throw fail(
        'environment.variables',
        k,
        `Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]`,
      )
    }
    if (typeof val !== 'string') {
      throw invalidContent(
        `Could not parse request body into json: the value of ${k} must be a string`,
      )
    }
    if (RESERVED.has(k)) reserved.push(k)
    out[k] = val
    bytes += Buffer.byteLength(k) + Buffer.byteLength(val)
  }
  if (reserved.length > 0) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    )
  }
  if (bytes > 4096) {
    throw invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${JSON.stringify(out).length}`,
    )
  }
  return out
}

const SETTINGS_FIELDS: Readonly<Record<string, FieldType>> = {
  Role: 'string',
  Handler: 'string',
  Description: 'string',
  Timeout: 'number',
  MemorySize: 'number',
  Environment: 'object',
  Runtime: 'string',
  Layers: 'array',
  ...NOT_EMULATED,
}

export const createFunction: OperationDef = {
  name: 'CreateFunction',
  method: 'POST',
  path: ['2015-03-31', 'functions'],
  write: true,
  maxBodyBytes: 69_905_067,
  body: {
    FunctionName: 'string',
    Code: 'object',
    Publish: 'boolean',
    PublishTo: 'string',
    PackageType: 'string',
    Tags: 'object',
    CodeSigningConfigArn: 'string',
    Architectures: 'array',
    SnapStartConfig: 'object',
    ...SETTINGS_FIELDS,
  },
  handle: async (world, { body }) => {
    refuseNotEmulated('CreateFunction', body)
    if (body.Publish === true) {
      throw invalidParameter(
        'The emulator does not implement Publish on CreateFunction; call PublishVersion.',
      )
    }
    if (typeof body.FunctionName !== 'string') {
      throw fail('functionName', null, 'Member must not be null')
    }
    const { name, qualifier } = world.parseName(body.FunctionName)
    if (qualifier !== undefined) {
      throw invalidParameter('FunctionName must not have a qualifier when creating a function.')
    }
    if (typeof body.Role !== 'string') throw fail('role', null, 'Member must not be null')
    const packageType = (body.PackageType ?? 'Zip') as string
    if (packageType !== 'Zip' && packageType !== 'Image') {
      throw fail('packageType', packageType, 'Member must satisfy enum value set: [Zip, Image]')
    }
    if (packageType === 'Zip' && (body.Runtime === undefined || body.Handler === undefined)) {
      throw invalidParameter(
        'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
      )
    }
    if (packageType === 'Image' && (body.Runtime !== undefined || body.Handler !== undefined)) {
      throw invalidParameter(
        'Runtime and Handler are not supported for functions created with container images.',
      )
    }
    const arch = (body.Architectures as unknown[] | undefined) ?? ['x86_64']
    if (arch.length !== 1 || (arch[0] !== 'x86_64' && arch[0] !== 'arm64')) {
      throw fail(
        'architectures',
        arch,
        'Member must have length less than or equal to 1, and each member must be x86_64 or arm64',
      )
    }
    const code = (body.Code ?? {}) as Record<string, unknown>
    for (const k of Object.keys(code)) {
      if (
        ![
          'ZipFile',
          'S3Bucket',
          'S3Key',
          'S3ObjectVersion',
          'ImageUri',
          'SourceKMSKeyArn',
        ].includes(k)
      ) {
        throw invalidContent(
          `Could not parse request body into json: Unrecognized field "${k}" (class com.amazonaws.lambda.FunctionCode), not marked as ignorable`,
        )
      }
    }
    let zip: Buffer
    if (packageType === 'Image') {
      if (typeof code.ImageUri !== 'string') {
        throw invalidParameter(
          'Please provide ImageUri when creating a function with packageType Image.',
        )
      }
      throw invalidParameter('The emulator does not implement CreateFunction for container images.')
    } else if (typeof code.ZipFile === 'string') {
      zip = decodeZipFile(code.ZipFile)
    } else if (typeof code.S3Bucket === 'string' && typeof code.S3Key === 'string') {
      zip = await fetchS3(world.options.s3Endpoint, code.S3Bucket, code.S3Key)
    } else {
      throw invalidParameter(
        'Please provide a source for function code (ZipFile or S3Bucket/S3Key).',
      )
    }
    await checkZip(zip)
    const settings = settingsFrom(body, {
      ...defaultSettings(world.account),
      runtime: undefined,
      handler: undefined,
    })
    checkLayers(world, settings.layers)
    if (world.functions.has(name)) {
      throw conflict(`Function already exist: ${name}`)
    }
    const f = world.makeFunction({
      name,
      packageType: 'Zip',
      imageUri: undefined,
      architecture: arch[0],
      zip,
      codeSha256: codeSha256(zip),
      codeSize: zip.length,
      pendingMs: world.options.createPendingMs ?? 50,
      updateMs: undefined,
      failUpdate: undefined,
      settings,
    })
    world.functions.set(name, f)
    return [201, world.configuration(f)]
  },
}

export const updateFunctionConfiguration: OperationDef = {
  name: 'UpdateFunctionConfiguration',
  method: 'PUT',
  path: ['2015-03-31', 'functions', '{FunctionName}', 'configuration'],
  write: true,
  body: { ...SETTINGS_FIELDS, RevisionId: 'string' },
  handle: async (world, { params, body }) => {
    const { f, qualifier } = world.resolve(params.FunctionName ?? '')
    if (qualifier !== undefined) {
      throw invalidParameter(
        'Unsupported qualifier: only the configuration of $LATEST can be updated.',
      )
    }
    refuseNotEmulated('UpdateFunctionConfiguration', body)
    if (f.packageType === 'Image' && (body.Runtime !== undefined || body.Handler !== undefined)) {
      throw invalidParameter(
        'Runtime and Handler are not supported for functions created with container images.',
      )
    }
    if (f.packageType === 'Image' && body.Layers !== undefined) {
      throw invalidParameter('Layers are not supported for functions with packageType Image.')
    }
    world.busy(f)
    checkRevision(f.revisionId, body.RevisionId)
    const next = settingsFrom(body, f.settings)
    if (body.Layers !== undefined) checkLayers(world, next.layers)
    f.settings = next
    f.revisionId = randomUUID()
    f.lastModified = lambdaTimestamp(world.now())
    f.lastUpdateStatus = 'InProgress'
    f.lastUpdateStatusReason = undefined
    f.lastUpdateStatusReasonCode = undefined
    f.updateUntil = world.now() + (f.updateMs ?? world.defaultUpdateMs)
    await Promise.resolve()
    return [200, world.configuration(f)]
  },
}

export const CONFIGURATION_OPERATIONS: readonly OperationDef[] = [
  createFunction,
  updateFunctionConfiguration,
]
