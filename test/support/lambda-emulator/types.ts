/** The emulator's public types: what a test configures, injects and inspects. */

/**
 * Every operation the emulator answers. To add one: name it here, define it in the module of its
 * resource (an `OperationDef`), and list that definition in `operations.ts`.
 */
export type Operation =
  | 'GetFunction'
  | 'UpdateFunctionCode'
  | 'PublishVersion'
  | 'ListVersionsByFunction'
  | 'GetAlias'
  | 'CreateAlias'
  | 'UpdateAlias'
  | 'CreateFunction'
  | 'UpdateFunctionConfiguration'
  | 'Invoke'
  | 'PublishLayerVersion'
  | 'GetLayerVersion'
  | 'ListLayerVersions'

export type Arch = 'x86_64' | 'arm64'

export interface FunctionSpec {
  readonly name: string
  readonly architecture?: Arch
  /** Initial code (default: a small placeholder zip). */
  readonly zip?: Buffer
  readonly packageType?: 'Zip' | 'Image'
  /** Initial image of a PackageType Image function (`<account>.dkr.ecr.<region>.amazonaws.com/repo@sha256:…`). */
  readonly imageUri?: string
  /** The function starts in State Pending for this long (a just-created function). */
  readonly pendingMs?: number
  /** How long a code update stays InProgress (default: the emulator's updateMs). */
  readonly updateMs?: number
  /** Every code update of this function ends Failed with this reason. */
  readonly failUpdate?: UpdateFailure
  /** Its configuration (default: Lambda's defaults, provided.al2023, handler bootstrap). */
  readonly settings?: Partial<FunctionSettings>
}

/** A layer version a test puts in place before the run (as another pipeline would have). */
export interface LayerVersionSpec {
  readonly name: string
  readonly zip?: Buffer
  readonly compatibleArchitectures?: readonly Arch[]
  readonly compatibleRuntimes?: readonly string[]
}

export interface LayerVersionState {
  readonly version: number
  readonly arn: string
  readonly codeSha256: string
  readonly codeSize: number
  readonly zip: Buffer
  readonly description: string
  readonly createdDate: string
  readonly compatibleRuntimes: readonly string[] | undefined
  readonly compatibleArchitectures: readonly Arch[] | undefined
  readonly licenseInfo: string | undefined
  /** Where the content came from when it was published from S3. */
  readonly s3Source: { readonly bucket: string; readonly key: string } | undefined
}

export interface LayerState {
  readonly name: string
  /** The layer's ARN without a version. */
  readonly arn: string
  /** Oldest first; numbers are never reused. */
  readonly versions: LayerVersionState[]
}

/** The configuration UpdateFunctionConfiguration changes (and a published version keeps). */
export interface FunctionSettings {
  role: string
  runtime: string | undefined
  handler: string | undefined
  memorySize: number
  timeout: number
  description: string
  environment: Record<string, string>
  layers: string[]
}

/** One Invoke the emulator answered, for the tests to inspect. */
export interface InvocationRecord {
  readonly qualifier: string | undefined
  /** The version that ran (`$LATEST` or a number). */
  readonly version: string
  readonly functionError: string | undefined
  readonly payload: string
  readonly log: string
}

/**
 * A failed update as GetFunction reports it. `reasonCode` is one of the documented
 * LastUpdateStatusReasonCode values (API reference, FunctionConfiguration); the SDK's enum holds
 * them, and `addFunction` refuses any other.
 */
export interface UpdateFailure {
  readonly reasonCode: string
  readonly reason: string
}

/** An error answer instead of the operation's (nothing is changed). */
export interface ErrorFault {
  readonly operation: Operation
  /** Only for this function name, or `layer:<LayerName>` for a layer operation (default: any). */
  readonly function?: string
  readonly status: number
  readonly code: string
  readonly message?: string
  /** How many times to answer with the fault (default: always). */
  readonly times?: number
}

/**
 * A lost response: the operation is carried out, then the connection is reset before any byte
 * of the answer is sent, as when a connection drops or a client times out after the request
 * reached Lambda. The client sees a transport error although the write landed.
 */
export interface LostResponse {
  readonly operation: Operation
  readonly function?: string
  readonly lostResponse: true
  readonly times?: number
}

/**
 * Somebody else acts right after this operation was answered: `change` edits the function's
 * state (e.g. another deployment's code update), deterministically, between two of our calls.
 */
export interface ConcurrentChange {
  readonly operation: Operation
  readonly function?: string
  readonly change: (f: FunctionState) => void
  readonly times?: number
}

export type Fault = ErrorFault | LostResponse | ConcurrentChange

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
  /** How long a function made by CreateFunction stays Pending (default 50 ms). */
  readonly createPendingMs?: number
  /**
   * The clock that ends Pending and InProgress (default Date.now). A test that moves its own
   * clock past a window sees the state change without waiting for it, however loaded the machine.
   */
  readonly now?: () => number
  /** Caps an Invoke's run (default: the function's Timeout). */
  readonly invokeTimeoutMs?: number
  /**
   * Where ImageUri images are looked up (an OCI registry API base URL and its Basic credentials):
   * an UpdateFunctionCode naming an image the registry does not have fails, as Lambda's does.
   */
  readonly imageRegistry?: {
    readonly url: string
    readonly username: string
    readonly password: string
  }
}

export interface VersionState {
  readonly version: string
  readonly codeSha256: string
  readonly codeSize: number
  readonly architectures: Arch[]
  readonly revisionId: string
  /** The code and configuration the version froze. */
  readonly zip: Buffer
  readonly settings: Readonly<FunctionSettings>
}

export interface AliasState {
  name: string
  functionVersion: string
  revisionId: string
  description: string
  /** RoutingConfig.AdditionalVersionWeights: version -> share of the traffic (none: no routing). */
  weights?: Record<string, number>
}

export interface FunctionState {
  readonly name: string
  readonly arn: string
  packageType: 'Zip' | 'Image'
  /** The image of a PackageType Image function, as given (`repo@sha256:…`). */
  imageUri: string | undefined
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
  failUpdate: UpdateFailure | undefined
  versions: VersionState[]
  aliases: Map<string, AliasState>
  /** S3 locations the code came from, in order. */
  s3Sources: { bucket: string; key: string }[]
  dryRuns: number
  settings: FunctionSettings
  invocations: InvocationRecord[]
}

export interface RequestRecord {
  readonly method: string
  readonly path: string
  readonly operation: Operation | undefined
  readonly function: string | undefined
  /** The HTTP status, or 0 when the response was lost on purpose. */
  readonly status: number
  readonly accessKeyId: string | undefined
  /** When the request arrived and when it was answered (ms since the epoch). */
  readonly started: number
  readonly at: number
}

export interface LambdaEmulator {
  readonly url: string
  readonly region: string
  readonly account: string
  addFunction(spec: FunctionSpec): FunctionState
  /** The live state of a function (throws when unknown). */
  fn(name: string): FunctionState
  /** Publishes a layer version directly (no request counted); returns its version ARN. */
  addLayerVersion(spec: LayerVersionSpec): string
  /** The layer of that name, or undefined when no version was ever published. */
  layer(name: string): LayerState | undefined
  inject(fault: Fault): void
  clearFaults(): void
  setLatency(ms: number): void
  /**
   * Calls per operation for one function (or all functions). Layer operations are counted under
   * `layer:<LayerName>`.
   */
  calls(name?: string): Record<Operation, number>
  /** Write calls (every operation that changes something) for a function (or `layer:<name>`). */
  writes(name?: string): number
  readonly requests: readonly RequestRecord[]
  /** The most requests answered at the same time, among those `which` selects (default: all). */
  maxInFlight(which?: (r: RequestRecord) => boolean): number
  close(): Promise<void>
}
