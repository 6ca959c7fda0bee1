/**
 * Data handed between the stages of the pipeline (run.ts), to the post step and to the report.
 * Imports nothing, so every module can use it without tying the pipeline into a cycle.
 */

// --- The configuration (config/ builds it from the inputs) ---

/** Lambda's instruction set architectures. */
export type Architecture = 'arm64' | 'x86_64'
/** The OS-only Lambda runtimes (each fixes a glibc floor). */
export type Runtime = 'provided.al2023' | 'provided.al2'
export type ProfileMode = 'size' | 'cargo-lambda' | 'none'
export type SmokeMode = 'auto' | 'true' | 'false'

/** The Rust target to build for: a triple and, for glibc targets, the glibc floor. */
export interface TargetSpec {
  readonly triple: string
  /** e.g. '2.34'; undefined for musl targets or an explicit target without a suffix. */
  readonly glibc: string | undefined
  /** What cargo lambda gets as `--target`: `<triple>.<glibc>` or `<triple>`. */
  readonly cargoTarget: string
  /** The Lambda architecture the triple runs on. */
  readonly architecture: Architecture
}

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

/** Where the shared compile cache lives (sccache's backends). */
export type CompileCacheBackend = 'gha' | 's3'
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

/** An image reference, parsed (util/image-reference.ts). */
export interface ImageReference {
  /** The registry host as written (`host[:port]`); Docker Hub's short form becomes `docker.io`. */
  readonly registry: string
  /** Base URL of the registry's HTTP API (`https://host[:port]`, or `http://` when asked). */
  readonly origin: string
  /** `org/app`; Docker Hub's one-part names get `library/`. */
  readonly repository: string
  readonly tag?: string
  readonly digest?: string
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

// --- What the stages return ---

export type ToolName = 'rust' | 'zig' | 'cargo-lambda' | 'sccache'
/** Where a tool came from, for the log and the summary. */
export type ToolSource = 'preinstalled' | 'tool-cache' | 'actions-cache' | 'download'

export interface ToolReport {
  readonly name: ToolName
  readonly version: string
  readonly source: ToolSource
  /** e.g. the mirror URL a download came from, or the toolchain name. */
  readonly detail?: string
  /** How an installed folder was checked before use (Zig and cargo-lambda). */
  readonly checkedBy?: 'content pins' | 'verified archive' | 'fresh download'
  /** SHA-256 of the release archive the tool came from (Zig and cargo-lambda). */
  readonly archiveSha256?: string
  readonly ms: number
}

/** What the tools stage leaves for the later stages. */
export interface Toolchain {
  /** The rustup toolchain name used (`stable`, `1.85.0`, `debian`, ...). */
  readonly rustToolchain: string
  /** Full `rustc -vV` output: release, host, commit (part of the cache key). */
  readonly rustcVersion: string
  readonly zigVersion: string
  /** Absolute path of the zig executable (also CARGO_ZIGBUILD_ZIG_PATH; its folder is on PATH). */
  readonly zigPath: string
  readonly cargoLambdaVersion: string
  /** Absolute path of the cargo-lambda executable (its folder is on PATH). */
  readonly cargoLambdaPath: string
  /** ZIG_GLOBAL_CACHE_DIR: kept by the cargo cache. */
  readonly zigCacheDir: string
  /** Absolute path of sccache, installed when `compile-cache` is on. */
  readonly sccachePath?: string | undefined
  readonly reports: readonly ToolReport[]
}

export type BinaryKind = 'function' | 'extension'

/** One binary produced by `cargo lambda build`. */
export interface BuiltBinary {
  readonly bin: string
  readonly kind: BinaryKind
  /** Path of the built executable (`<target-dir>/lambda/<bin>/bootstrap` or the extension file). */
  readonly binaryPath: string
  readonly target: TargetSpec
}

/** One packaged zip: what the `artifacts` output lists. */
export interface Artifact {
  readonly bin: string
  readonly kind: BinaryKind
  readonly architecture: 'arm64' | 'x86_64'
  readonly target: string
  readonly zipPath: string
  readonly binaryPath: string
  readonly binarySize: number
  readonly zipSize: number
  readonly unzippedSize: number
  /** hex SHA-256 of the zip */
  readonly sha256: string
  /** base64 SHA-256 of the zip: Lambda's CodeSha256, Terraform's filebase64sha256 */
  readonly codeSha256: string
  /** Newest GLIBC_ symbol version the binary needs, if any. */
  readonly glibcRequired?: string | undefined
  /** With `package-type: image`: the function's container image, pushed to `image-repository`. */
  readonly image?: ArtifactImage | undefined
}

/** A function's container image (`package-type: image`): what was pushed and how. */
export interface ArtifactImage {
  /** `registry/repository@sha256:…`: Lambda's ImageUri. */
  readonly uri: string
  readonly digest: string
  readonly tag: string | undefined
  /** Compressed size of config + layers, and of the base alone. */
  readonly size: number
  readonly baseSize: number
  /** The base resolved to the platform's manifest: `name@sha256:…`. */
  readonly base: string
  readonly layers: {
    readonly total: number
    readonly pushed: number
    readonly mounted: number
    readonly present: number
  }
  /** Bytes sent to the registry by this run, and the time the push took. */
  readonly bytesPushed: number
  readonly pushMs: number
  /** False when the registry already had this manifest under the tag (undefined: not yet put). */
  readonly manifestPut?: boolean | undefined
  /** `bootstrap` as read back from the pushed layer: what the smoke test runs. */
  readonly bootstrapPath: string
}

export type SmokeStatus = 'passed' | 'failed' | 'skipped'
export interface SmokeOutcome {
  readonly status: SmokeStatus
  readonly reason?: string
  readonly response?: string
  readonly ms: number
  /** Time from start to the runtime's first `GET /invocation/next` (its init). */
  readonly startupMs?: number
  /** How it was run: `native x86_64`, `qemu-aarch64-static`, `binfmt_misc handler qemu-aarch64`. */
  readonly via?: string
}

export type DeployResultKind = 'updated' | 'unchanged' | 'dry-run' | 'skipped' | 'failed'
export interface DeployOutcome {
  readonly bin: string
  readonly function: string
  readonly result: DeployResultKind
  readonly arn?: string | undefined
  readonly version?: string | undefined
  readonly alias?: string | undefined
  readonly codeSha256: string
  /** The image deployed (`package-type: image`). */
  readonly imageUri?: string | undefined
  readonly ms: number
  readonly error?: string | undefined
  /** The published version's invocation before the alias moved (`verify-event`). */
  readonly verification?: VerificationOutcome | undefined
  /** The function did not exist and this run created it (`create-function`). */
  readonly created?: boolean | undefined
  /** Configuration settings this run changed (names only: never environment values). */
  readonly configured?: readonly string[] | undefined
  /** The alias's routing after this run: the new version's share when below 1 (canary). */
  readonly weight?: number | undefined
}

export interface VerificationOutcome {
  readonly status: 'passed' | 'failed'
  readonly ms: number
  /** The first 200 characters of the response (environment values redacted). */
  readonly response: string
  /** Why it failed: the error type and message, the expected text. */
  readonly reason?: string | undefined
}

export type LayerResultKind = 'published' | 'unchanged' | 'dry-run' | 'failed'
/** One extension published (or found unchanged) as a layer version in one region. */
export interface LayerOutcome {
  readonly extension: string
  readonly layer: string
  readonly region: string
  readonly result: LayerResultKind
  /** The layer's ARN without a version (unknown in a dry run of a layer that does not exist yet). */
  readonly layerArn?: string | undefined
  readonly layerVersionArn?: string | undefined
  readonly version?: number | undefined
  readonly codeSha256: string
  readonly ms: number
  readonly error?: string | undefined
}

/** binary -> outcome */
export type SmokeResults = Record<string, SmokeOutcome>

/** sccache's counters for the build (`sccache --show-stats --stats-format json`). */
export interface CompileCacheStats {
  readonly compileRequests: number
  readonly hits: number
  readonly misses: number
  /** Calls sccache could not cache (linking bins, proc-macros, build scripts...). */
  readonly nonCacheableCalls: number
  readonly nonCacheableCompilations: number
  readonly writes: number
  readonly writeErrors: number
  readonly readErrors: number
  readonly cacheErrors: number
  readonly timeouts: number
  /** hits / (hits + misses); undefined when nothing cacheable was compiled. */
  readonly hitRate: number | undefined
  /** sccache's own description of the backend (`S3, bucket: ...`). */
  readonly location: string | undefined
}

/** What the compile cache did in this run, for the log and the job summary. */
export interface CompileCacheReport {
  readonly backend: CompileCacheBackend
  readonly write: boolean
  /** Why this run writes or only reads. */
  readonly writeReason: string
  /** A digest of what the build's environment adds to sccache's keys: legs must agree on it. */
  readonly envDigest?: string | undefined
  /** undefined when sccache did not run (a warning said why). */
  readonly stats: CompileCacheStats | undefined
  /** Why the compile cache was not used, when it was not. */
  readonly unused?: string | undefined
}

// --- Caches: what main hands to the post step ---

/** A tool folder the post step saves to the Actions cache. */
export interface ToolCacheEntry {
  readonly key: string
  readonly paths: readonly string[]
}

/** Tool folders the post step saves to the Actions cache. */
export interface ToolCacheState {
  readonly entries: readonly ToolCacheEntry[]
}

/** A file hashed into the cargo cache key. */
export interface KeyFile {
  /** Path relative to the workspace, so the key does not depend on where the runner checks out. */
  readonly path: string
  /** File contents; undefined when the file does not exist (that is hashed too). */
  readonly content: string | undefined
}

/** What main hands to post (through PostState.cargoCache). */
export interface CargoCacheState {
  readonly key: string
  readonly paths: readonly string[]
  /** true on an exact key hit: nothing to save. */
  readonly hit: boolean
  readonly save: boolean
  /** `cache-on-failure`: save even when the build failed. */
  readonly onFailure?: boolean
  readonly targetDir: string
  readonly cargoHome: string
  readonly workspaceRoot: string
  readonly members: readonly string[]
  readonly zigCacheDir?: string | undefined
  /** Dependency units not used since this time (ms) are left out of the save. */
  readonly buildStartMs: number
  /** false on `noatime` file systems: then every dependency unit is kept. */
  readonly accessTimes: boolean
}

export interface CacheRestoreReport {
  readonly key: string
  /** 'hit' on an exact key, 'partial' through a restore key, 'miss', or 'error'. */
  readonly outcome: 'hit' | 'partial' | 'miss' | 'error'
  readonly restoredKey?: string | undefined
  /** Bytes on disk in the cached folders after the restore (uncompressed). */
  readonly restoredBytes?: number | undefined
  readonly ms: number
  /** Why the cache was not used ('error'). */
  readonly detail?: string | undefined
}

export interface CacheSaveReport {
  readonly key: string
  readonly outcome: 'saved' | 'skipped' | 'failed'
  readonly detail?: string | undefined
  readonly bytesBefore?: number
  readonly bytesAfter?: number
  readonly ms: number
}

/** The one object main hands to the post step through saved state (as rust-cache does). */
export interface PostState {
  /** The build stage finished without error (the cargo cache is then saved whatever failed after). */
  buildSucceeded?: boolean
  /** Set by the cargo cache restore; undefined when caching is off. */
  cargoCache?: CargoCacheState
  /** Tool folders to save to the Actions cache (those not restored from it). */
  tools?: ToolCacheState
}
