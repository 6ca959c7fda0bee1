/**
 * The emulator's state shared by every operation: the functions, their time-based state machine,
 * how a FunctionName (name, partial ARN or full ARN, with an optional qualifier) resolves, and the
 * FunctionConfiguration Lambda returns for a function or one of its versions.
 */
import { randomUUID } from 'node:crypto'
import { ApiError, conflict, notFound } from './errors.js'
import type {
  Arch,
  EmulatorOptions,
  FunctionSettings,
  FunctionState,
  LayerState,
  LayerVersionState,
  UpdateFailure,
  VersionState,
} from './types.js'

const NAME = '[a-zA-Z0-9_-]{1,64}'
const FULL_ARN = new RegExp(
  `^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\\d{12}):function:(${NAME})(?::([a-zA-Z0-9$_-]+))?$`,
)
const PARTIAL_ARN = new RegExp(`^(\\d{12}):function:(${NAME})(?::([a-zA-Z0-9$_-]+))?$`)
const BARE = new RegExp(`^(${NAME})(?::([a-zA-Z0-9$_-]+))?$`)

export function lambdaTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000')
}

export interface World {
  readonly region: string
  readonly account: string
  readonly options: EmulatorOptions
  readonly defaultUpdateMs: number
  /** The emulator's clock (EmulatorOptions.now). */
  now(): number
  readonly functions: Map<string, FunctionState>
  /** Layers by name (layers.ts). */
  readonly layers: Map<string, LayerState>
  arnOf(name: string): string
  layerArnOf(name: string): string
  /** Moves time-based states forward (Pending -> Active, InProgress -> Successful/Failed). */
  settle(f: FunctionState): void
  /** The name and qualifier a FunctionName gives (the function need not exist); 400 when malformed, 404 for another account or region. */
  parseName(given: string): { name: string; qualifier: string | undefined }
  /** The function a FunctionName names, settled; 404 when unknown, 400 when malformed. */
  resolve(given: string): { f: FunctionState; qualifier: string | undefined }
  /** A new function's state (addFunction and CreateFunction). */
  makeFunction(init: FunctionInit): FunctionState
  /** 409 while the function is Pending or an update is in progress. */
  busy(f: FunctionState): void
  /** 404 unless `version` is $LATEST or a published version. */
  checkVersion(f: FunctionState, version: string): void
  configuration(f: FunctionState, version?: VersionState): Record<string, unknown>
}

/** What a published version captures: the code and the configuration that can change here. */
export function versionContent(f: {
  readonly codeSha256: string
  readonly architectures: readonly string[]
  readonly settings: Readonly<FunctionSettings>
}): string {
  const { environment, ...rest } = f.settings
  const env = Object.entries(environment).sort(([a], [b]) => (a < b ? -1 : 1))
  return JSON.stringify([f.codeSha256, f.architectures, rest, env])
}

export interface FunctionInit {
  readonly name: string
  readonly packageType: 'Zip' | 'Image'
  readonly imageUri: string | undefined
  readonly architecture: Arch
  readonly zip: Buffer
  readonly codeSha256: string
  readonly codeSize: number
  readonly pendingMs: number
  readonly updateMs: number | undefined
  readonly failUpdate: UpdateFailure | undefined
  readonly settings: FunctionSettings
}

/** Lambda's defaults for a function's configuration (CreateFunction without the optional fields). */
export function defaultSettings(account: string): FunctionSettings {
  return {
    role: `arn:aws:iam::${account}:role/lambda-role`,
    runtime: 'provided.al2023',
    handler: 'bootstrap',
    memorySize: 128,
    timeout: 3,
    description: '',
    environment: {},
    layers: [],
  }
}

/** The layer version a version ARN names, or undefined. */
export function layerVersionOf(
  layers: ReadonlyMap<string, LayerState>,
  versionArn: string,
): LayerVersionState | undefined {
  const m = /^(arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\d{12}:layer:([a-zA-Z0-9-_]+)):(\d+)$/.exec(
    versionArn,
  )
  if (m === null) return undefined
  const layer = layers.get(m[2] as string)
  if (layer === undefined || layer.arn !== m[1]) return undefined
  return layer.versions.find((v) => v.version === Number(m[3]))
}

export function createWorld(options: EmulatorOptions): World {
  const region = options.region ?? 'us-east-1'
  const account = options.account ?? '123456789012'
  const functions = new Map<string, FunctionState>()
  const layers = new Map<string, LayerState>()
  const clock = options.now ?? Date.now
  const arnOf = (name: string): string => `arn:aws:lambda:${region}:${account}:function:${name}`
  const layerArnOf = (name: string): string => `arn:aws:lambda:${region}:${account}:layer:${name}`

  // Every change of the function's configuration, its State and LastUpdateStatus included, gives
  // it a new RevisionId ("RevisionId: the latest updated revision of the function", API reference
  // FunctionConfiguration): a RevisionId read while an update was InProgress is stale once it ends.
  const settle = (f: FunctionState): void => {
    const now = clock()
    if (f.state === 'Pending' && now >= f.pendingUntil) {
      f.state = 'Active'
      f.revisionId = randomUUID()
    }
    if (f.lastUpdateStatus === 'InProgress' && now >= f.updateUntil) {
      f.revisionId = randomUUID()
      if (f.failUpdate !== undefined) {
        f.lastUpdateStatus = 'Failed'
        f.lastUpdateStatusReason = f.failUpdate.reason
        f.lastUpdateStatusReasonCode = f.failUpdate.reasonCode
      } else {
        f.lastUpdateStatus = 'Successful'
        f.lastUpdateStatusReason = undefined
        f.lastUpdateStatusReasonCode = undefined
      }
    }
  }

  const parseName = (given: string): { name: string; qualifier: string | undefined } => {
    let name: string | undefined
    let qualifier: string | undefined
    let m: RegExpExecArray | null
    if ((m = FULL_ARN.exec(given)) !== null) {
      if (m[1] !== region || m[2] !== account) throw notFound(`Function not found: ${given}`)
      name = m[3]
      qualifier = m[4]
    } else if ((m = PARTIAL_ARN.exec(given)) !== null) {
      if (m[1] !== account) throw notFound(`Function not found: ${given}`)
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
    return { name: name as string, qualifier }
  }

  const resolve = (given: string): { f: FunctionState; qualifier: string | undefined } => {
    const { name, qualifier } = parseName(given)
    const f = functions.get(name)
    if (f === undefined) throw notFound(`Function not found: ${arnOf(name)}`)
    settle(f)
    return { f, qualifier }
  }

  const makeFunction = (init: FunctionInit): FunctionState => {
    const now = clock()
    return {
      name: init.name,
      arn: arnOf(init.name),
      packageType: init.packageType,
      imageUri: init.imageUri,
      architectures: [init.architecture],
      codeSha256: init.codeSha256,
      codeSize: init.codeSize,
      zip: init.zip,
      revisionId: randomUUID(),
      lastModified: lambdaTimestamp(now),
      state: init.pendingMs > 0 ? 'Pending' : 'Active',
      pendingUntil: now + init.pendingMs,
      lastUpdateStatus: 'Successful',
      lastUpdateStatusReason: undefined,
      lastUpdateStatusReasonCode: undefined,
      updateUntil: 0,
      updateMs: init.updateMs,
      failUpdate: init.failUpdate,
      versions: [],
      aliases: new Map(),
      s3Sources: [],
      dryRuns: 0,
      settings: init.settings,
      invocations: [],
    }
  }

  const busy = (f: FunctionState): void => {
    if (f.state === 'Pending') {
      throw conflict(
        `The operation cannot be performed at this time. The function is currently in the following state: Pending`,
      )
    }
    if (f.lastUpdateStatus === 'InProgress') {
      throw conflict(
        `The operation cannot be performed at this time. An update is in progress for resource: ${f.arn}`,
      )
    }
  }

  const checkVersion = (f: FunctionState, version: string): void => {
    if (version !== '$LATEST' && !f.versions.some((v) => v.version === version)) {
      throw notFound(`Function not found: ${f.arn}:${version}`)
    }
  }

  const configuration = (f: FunctionState, version?: VersionState): Record<string, unknown> => {
    const v = version
    const settings = v ? v.settings : f.settings
    const env = settings.environment
    return {
      FunctionName: f.name,
      FunctionArn: v ? `${f.arn}:${v.version}` : f.arn,
      // Image functions have no Runtime or Handler: the image's entrypoint and command start them.
      ...(f.packageType === 'Zip' && settings.runtime ? { Runtime: settings.runtime } : {}),
      Role: settings.role,
      ...(f.packageType === 'Zip' && settings.handler ? { Handler: settings.handler } : {}),
      CodeSize: v ? v.codeSize : f.codeSize,
      Description: settings.description,
      Timeout: settings.timeout,
      MemorySize: settings.memorySize,
      ...(Object.keys(env).length > 0 ? { Environment: { Variables: { ...env } } } : {}),
      ...(settings.layers.length > 0
        ? {
            Layers: settings.layers.map((Arn) => ({
              Arn,
              CodeSize: layerVersionOf(layers, Arn)?.codeSize ?? 0,
            })),
          }
        : {}),
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
      // While InProgress AWS gives a reason text and no LastUpdateStatusReasonCode of its documented
      // set: those values (FunctionConfiguration, API reference) all name a failure.
      ...(!v && f.lastUpdateStatus === 'InProgress'
        ? { LastUpdateStatusReason: 'The function is being updated.' }
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

  return {
    region,
    account,
    options,
    defaultUpdateMs: options.updateMs ?? 30,
    now: clock,
    functions,
    layers,
    arnOf,
    layerArnOf,
    settle,
    parseName,
    resolve,
    makeFunction,
    busy,
    checkVersion,
    configuration,
  }
}
