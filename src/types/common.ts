/**
 * The types every part of the pipeline shares: architectures, runtimes, targets, image
 * references. Imports nothing, so any module can use them without tying the pipeline into a cycle.
 */
/** Lambda's instruction set architectures. */
export type Architecture = 'arm64' | 'x86_64'

/** The OS-only Lambda runtimes (each fixes a glibc floor). */
export type Runtime = 'provided.al2023' | 'provided.al2'

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

/** Where the shared compile cache lives (sccache's backends). */
export type CompileCacheBackend = 'gha' | 's3'

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

export type BinaryKind = 'function' | 'extension'
