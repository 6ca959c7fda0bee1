/** The configuration: what config/ builds from the inputs, one frozen object every stage reads. */
import type {
  Architecture,
  Runtime,
  BinaryKind,
  TargetSpec,
  ImageReference,
  CompileCacheBackend,
} from './common.js'

export type ProfileMode = 'size' | 'cargo-lambda' | 'none'

export type SmokeMode = 'auto' | 'true' | 'false'

export interface FunctionMapping {
  readonly binary: string
  readonly function: string
}

export interface Config {
  /** GITHUB_WORKSPACE (absolute, real path). */
  readonly workspace: string
  /** Absolute, real path of the Cargo project; inside `workspace`. */
  readonly workingDirectory: string
  readonly package: string | undefined
  readonly binaries: readonly string[]
  readonly features: readonly string[]
  readonly cargoArgs: readonly string[]
  readonly architecture: Architecture
  readonly runtime: Runtime
  readonly target: TargetSpec
  readonly profile: ProfileMode
  readonly extension: boolean
  readonly include: readonly string[]
  readonly sizeLimit: number | undefined
  readonly rustToolchain: string | undefined
  readonly zig: {
    readonly version: string
    readonly sha256: string | undefined
    readonly mirror: string | undefined
  }
  readonly cargoLambda: {
    readonly version: string
    readonly sha256: string | undefined
    readonly url: string | undefined
  }
  readonly cache: {
    readonly enabled: boolean
    readonly key: string | undefined
    readonly save: boolean
    /** Save after a failed build too (`cache-on-failure`). */
    readonly onFailure: boolean
    /** `shared-key`: replaces what-is-built in the key, so several legs share one entry. */
    readonly sharedKey: string | undefined
  }
  /** `compile-cache`: the shared compile cache (sccache); undefined when off. */
  readonly compileCache: CompileCacheConfig | undefined
  /** `mode: plan`: plan the build legs instead of building; undefined for `mode: build`. */
  readonly plan: PlanConfig | undefined
  /** Deploy-only mode (`from-artifacts`): zips built earlier; undefined when this run builds. */
  readonly fromArtifacts: ArtifactSource | undefined
  readonly artifact: {
    readonly upload: boolean
    readonly name: string
    readonly retentionDays: number | undefined
  }
  /** undefined when no function is to be deployed. */
  readonly deploy: DeployConfig | undefined
  /** `package-type: image`: the container-image settings; undefined for zips. */
  readonly image: ContainerImageConfig | undefined
  readonly smoke: {
    readonly mode: SmokeMode
    readonly event: string
    readonly timeoutSeconds: number
  }
}

/** `compile-cache-write`: `auto` writes from default-branch pushes only. */
export type CompileCacheWriteMode = 'auto' | 'true' | 'false'

export interface CompileCacheConfig {
  readonly backend: CompileCacheBackend
  readonly write: CompileCacheWriteMode
  /** `s3`: the bucket, its region and the key prefix of the objects. */
  readonly s3:
    { readonly bucket: string; readonly region: string; readonly prefix: string } | undefined
  /** The sccache release to install (`sccache-version`, `sccache-sha256`, `sccache-url`). */
  readonly sccache: {
    readonly version: string
    readonly sha256: string | undefined
    readonly url: string | undefined
  }
}

/** `mode: plan`: how the build legs are planned. */
export interface PlanConfig {
  /** `shards`: the leg count, or `auto` (from the binary count). */
  readonly shards: number | 'auto'
  /** `changed-since`: the git ref to compare with; undefined plans every binary. */
  readonly changedSince: string | undefined
}

/** Where deploy-only mode takes its zips from. */
export type ArtifactSource =
  /** The `artifacts` output of an earlier run (its records, as that run wrote them). */
  | { readonly kind: 'records'; readonly records: readonly ArtifactRecord[] }
  /** A folder as actions/download-artifact lays artifacts out (absolute path). */
  | { readonly kind: 'folder'; readonly path: string }

/** What deploy-only mode takes from one entry of an earlier `artifacts` output. */
export interface ArtifactRecord {
  readonly bin: string
  readonly kind: BinaryKind
  readonly architecture: Architecture
  readonly target: string
  readonly zipPath: string
  /** The earlier run's hash: the zip must still have it. */
  readonly sha256: string | undefined
}

export interface ContainerImageConfig {
  /** `base-image` [the AWS OS-only base of `runtime`]. */
  readonly base: ImageReference
  /** `image-repository` (no tag, no digest). */
  readonly repository: ImageReference
  /** `image-tag` [the commit SHA]; undefined: the manifest is put by digest only. */
  readonly tag: string | undefined
  /** `registry-username` / `registry-password` (masked); undefined: Amazon ECR's own login. */
  readonly credentials: { readonly username: string; readonly password: string } | undefined
}

export interface DeployConfig {
  /** The single target of `function-name`, or undefined when `functions` is used. */
  readonly functionName: string | undefined
  readonly functions: readonly FunctionMapping[]
  /**
   * The `binaries` input, when set: a `functions` line for another binary is not this run's (a
   * build leg, or a deploy of what `changed-since` planned) and is skipped, not an error.
   */
  readonly binaries?: readonly string[] | undefined
  readonly alias: string | undefined
  readonly publish: boolean
  readonly s3Bucket: string | undefined
  readonly s3KeyPrefix: string
  readonly dryRun: boolean
  readonly force: boolean
  readonly region: string | undefined
  readonly concurrency: number
  /** `verify-event` / `verify-response`: invoke the published version before the alias moves. */
  readonly verify: VerifyConfig | undefined
  /** `alias-weight` (0 < w <= 1): the share of the alias's traffic the new version gets. */
  readonly aliasWeight: number
  /** `promote`: build nothing; make the alias's routed (canary) version its primary. */
  readonly promote: boolean
  /** `create-function: true`: create a missing function with these settings. */
  readonly create: FunctionCreation | undefined
  /** The configuration asked for (`memory-size`, `timeout`, `environment`, `description`). */
  readonly configuration: DesiredConfiguration
  /** Extensions published as layers (`layer-name`, `attach-layers`). */
  readonly layers: LayersConfig
}

/** One `layer-name` line: `extension=layer`. */
export interface LayerMapping {
  readonly extension: string
  readonly layer: string
}

export interface LayersConfig {
  /** `layer-name` given as one name (for the only extension); undefined otherwise. */
  readonly name: string | undefined
  /** `layer-name` given as `extension=layer` lines. */
  readonly mappings: readonly LayerMapping[]
  /** `attach-layers`. */
  readonly attach: boolean
}

export interface VerifyConfig {
  /** The event (JSON text). */
  readonly event: string
  /** `verify-response`: text the response must contain. */
  readonly response: string | undefined
}

/** What a function is created with (`create-function: true`); the rest is `configuration`. */
export interface FunctionCreation {
  readonly roleArn: string
  readonly runtime: Runtime
  /** Used when `memory-size` / `timeout` are not given. */
  readonly memorySize: number
  readonly timeout: number
}

/**
 * The function configuration a run asks for: only what was asked (undefined leaves it alone).
 * One decision (publish/configuration.ts) compares it with the function's and makes at most one
 * UpdateFunctionConfiguration of it, whoever adds to it (layers included).
 */
export interface DesiredConfiguration {
  readonly memorySize?: number | undefined
  readonly timeout?: number | undefined
  readonly description?: string | undefined
  readonly environment?: DesiredEnvironment | undefined
  /** The layer version ARNs the function must have, in order (the whole list). */
  readonly layers?: readonly string[] | undefined
}

export interface DesiredEnvironment {
  /** Never logged: values may be secrets; only the key names are ever shown. */
  readonly variables: Readonly<Record<string, string>>
  /** `merge` keeps keys not named here; `replace` makes these the whole set. */
  readonly mode: 'merge' | 'replace'
}
