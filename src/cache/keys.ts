/**
 * The cargo cache key and its restore keys (pure).
 *
 * `<prefix>-<os>-<arch>-<target>-<profile>[-<cache-key>]-tools:<hash>-deps:<hash>-<leg>`
 * - `tools:` hashes what changes compiled code without changing the project: `rustc -vV`,
 *   the zig and cargo-lambda versions, rust-toolchain(.toml) and the codegen environment;
 * - `deps:` hashes the dependency graph: every Cargo.toml of the workspace, Cargo.lock and
 *   .cargo/config.toml.
 * - `<leg>` is `build:<hash>` of what this step builds (package, binaries, features, extension,
 *   cargo-args): two matrix legs that build different parts of a workspace must not share an
 *   exact key, or the last to save wins and pruning keeps only its units. `shared-key` replaces
 *   it with `shared:<value>`, for legs that really should share one entry.
 * Restore keys drop the leg (the same dependencies, built by another leg, restore partially),
 * then `deps:` (a lockfile change still restores), then `tools:` too. The `tools:`
 * marker cannot occur inside the user's part (`:` is replaced there), so a restore key never
 * prefix-matches a key made with another `cache-key`.
 */
import { createHash } from 'node:crypto'
import { Inputs } from '../constants.js'
import { InputError } from '../errors.js'
import type { KeyFile } from '../types.js'
import { splitTargetDir } from '../cargo/target-dir.js'

export const KeyPrefix = 'rust-lambda-v1'
/** @actions/cache refuses longer keys. */
export const MaxKeyLength = 512

export interface KeyParts {
  /** e.g. `Linux` */
  readonly os: string
  /** The runner's architecture, e.g. `X64`, `ARM64`. */
  readonly arch: string
  /** What cargo lambda builds for, e.g. `aarch64-unknown-linux-gnu.2.34`. */
  readonly target: string
  readonly profile: string
  /** The `cache-key` input. */
  readonly userKey: string | undefined
  /** What this step builds; replaced by `sharedKey` when that is set. */
  readonly selection: BuildSelection
  /** The `shared-key` input. */
  readonly sharedKey: string | undefined
  /** Full `rustc -vV` output. */
  readonly rustcVersion: string
  readonly zigVersion: string
  readonly cargoLambdaVersion: string
  /** rust-toolchain / rust-toolchain.toml */
  readonly toolchainFiles: readonly KeyFile[]
  /** The process environment; only codegen-relevant variables are used (see codegenEnv). */
  readonly env: Readonly<Record<string, string | undefined>>
  /** Cargo.toml files, Cargo.lock, .cargo/config.toml */
  readonly dependencyFiles: readonly KeyFile[]
}

/** What a step builds, as far as it changes the units cargo compiles. */
export interface BuildSelection {
  readonly package: string | undefined
  readonly binaries: readonly string[]
  readonly features: readonly string[]
  readonly extension: boolean
  readonly cargoArgs: readonly string[]
}

export interface CacheKeys {
  readonly key: string
  /** Without the leg, then without the deps hash, then without the tools hash either. */
  readonly restoreKeys: readonly [string, string, string]
  /** Names of the environment variables that went into the key (for the log). */
  readonly envNames: readonly string[]
}

// Variables with these prefixes can change what cargo, rustc or cc-rs produce.
const ENV_PREFIXES = ['CARGO_', 'RUST', 'CC', 'CXX', 'CFLAGS', 'CXXFLAGS', 'AR_', 'TARGET_CC']
// ...except these: paths of this machine, output/network/auth settings, runtime-only logging,
// rustup's own settings (the toolchain itself is in `rustc -vV`), parallelism.
const ENV_EXCLUDED = [
  /^CARGO_HOME$/,
  /^CARGO_TARGET_DIR$/,
  /^CARGO_BUILD_TARGET_DIR$/,
  /^CARGO_BUILD_JOBS$/,
  /^CARGO_TERM_/,
  /^CARGO_NET_/,
  /^CARGO_HTTP_/,
  /^CARGO_REGISTRY_/,
  /^CARGO_REGISTRIES_/,
  /^CARGO_LOG/,
  /^CARGO_CACHE_/,
  /^RUSTUP_/,
  /^RUST_LOG/,
  /^RUST_BACKTRACE$/,
  /^RUST_LIB_BACKTRACE$/,
  /^RUST_MIN_STACK$/,
  /^RUSTC_WRAPPER$/,
  /^RUSTC_WORKSPACE_WRAPPER$/,
  /^CCACHE_/,
  // Exported by this action's tools stage: a path in the tool cache (the zig version is keyed).
  /^CARGO_ZIGBUILD_ZIG_PATH$/,
  /^CARGO_ZIGBUILD_CACHE_DIR$/,
  /_TOKEN$/,
]

/** The codegen-relevant environment variables, sorted by name. */
export function codegenEnv(
  env: Readonly<Record<string, string | undefined>>,
): (readonly [string, string])[] {
  return Object.entries(env)
    .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
    .filter(([name]) => ENV_PREFIXES.some((p) => name.startsWith(p)))
    .filter(([name]) => !ENV_EXCLUDED.some((re) => re.test(name)))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

export function cacheKeys(parts: KeyParts): CacheKeys {
  const env = codegenEnv(parts.env)
  const tools = hash([
    ['rustc', parts.rustcVersion.trim()],
    ['zig', parts.zigVersion],
    ['cargo-lambda', parts.cargoLambdaVersion],
    ...files(parts.toolchainFiles),
    ...env.map(([k, v]) => [`env:${k}`, v] as const),
  ])
  const deps = hash(files(parts.dependencyFiles))
  const user = parts.userKey?.trim()
  const shared = parts.sharedKey?.trim()
  const base = [
    KeyPrefix,
    parts.os,
    parts.arch,
    parts.target,
    parts.profile,
    ...(user ? [clean(user)] : []),
  ].join('-')
  const withoutDeps = `${base}-tools:${tools}-`
  const withoutLeg = `${withoutDeps}deps:${deps}-`
  const leg = shared ? `shared:${clean(shared)}` : `build:${selectionHash(parts.selection)}`
  const key = `${withoutLeg}${leg}`
  if (key.length > MaxKeyLength) {
    // The user's parts are the only ones that can be long: blame the longer one.
    const [input, value] =
      (shared?.length ?? 0) > (user?.length ?? 0)
        ? [Inputs.SharedKey, shared ?? '']
        : [Inputs.CacheKey, user ?? '']
    const room = MaxKeyLength - (key.length - value.length)
    throw new InputError(
      input,
      value,
      `makes the cache key ${key.length} characters long, and the Actions cache allows ${MaxKeyLength}: shorten it to at most ${Math.max(room, 0)} characters.`,
    )
  }
  return {
    key,
    restoreKeys: [withoutLeg, withoutDeps, `${base}-tools:`],
    envNames: env.map(([k]) => k),
  }
}

/** A user's key part: the markers' characters replaced, so it can never look like a marker. */
function clean(part: string): string {
  return part.replace(/[:,\s]/g, '_')
}

/**
 * Pure: the hash of what is built. `--target-dir` is left out: it is a path, not a choice of
 * units (and the path itself is part of the entry's paths).
 */
export function selectionHash(selection: BuildSelection): string {
  // Where the build goes is not what it builds (and the entry's paths hold the folder already).
  const args = splitTargetDir(selection.cargoArgs, '/').rest
  return hash([
    ['package', selection.package ?? ''],
    ['binaries', [...selection.binaries].sort().join(',')],
    ['features', [...selection.features].sort().join(',')],
    ['extension', String(selection.extension)],
    ['cargo-args', args.join('\u0000')],
  ])
}

function files(list: readonly KeyFile[]): (readonly [string, string])[] {
  return [...list]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((f) => [`file:${f.path}`, f.content === undefined ? '\u0000absent' : f.content] as const)
}

function hash(entries: readonly (readonly [string, string])[]): string {
  const h = createHash('sha256')
  // Length-prefixed, so no two different lists hash the same input bytes.
  for (const [name, value] of entries) h.update(`${name.length}:${name}${value.length}:${value}`)
  return h.digest('hex').slice(0, 12)
}
