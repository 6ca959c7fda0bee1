/** Data handed between the stages of the pipeline (run.ts) and to the report. */
import type { TargetSpec } from './config.js'

export type ToolName = 'rust' | 'zig' | 'cargo-lambda'
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
  readonly ms: number
  readonly error?: string | undefined
}
