/**
 * What the stages return: the tools, the binaries built, the zips, and the smoke, deploy and layer
 * outcomes the report reads.
 */
import type { BinaryKind, TargetSpec, CompileCacheBackend } from './common.js'

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
