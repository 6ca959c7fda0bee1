/**
 * The cargo cache key and its restore keys (pure).
 *
 * `<prefix>-<os>-<arch>-<target>-<profile>[-<cache-key>]-tools:<hash>-deps:<hash>`
 * - `tools:` hashes what changes compiled code without changing the project: `rustc -vV`,
 *   the zig and cargo-lambda versions, rust-toolchain(.toml) and the codegen environment;
 * - `deps:` hashes the dependency graph: every Cargo.toml of the workspace, Cargo.lock and
 *   .cargo/config.toml.
 * Restore keys drop `deps:` (a lockfile change still restores), then `tools:` too. The `tools:`
 * marker cannot occur inside the user's part (`:` is replaced there), so a restore key never
 * prefix-matches a key made with another `cache-key`.
 */
import { createHash } from 'node:crypto'
import { Inputs } from '../constants.js'
import { InputError } from '../errors.js'

export const KeyPrefix = 'rust-lambda-v1'
/** @actions/cache refuses longer keys. */
export const MaxKeyLength = 512

export interface KeyFile {
  /** Path relative to the workspace, so the key does not depend on where the runner checks out. */
  readonly path: string
  /** File contents; undefined when the file does not exist (that is hashed too). */
  readonly content: string | undefined
}

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

export interface CacheKeys {
  readonly key: string
  /** Without the deps hash, then without the tools hash either. */
  readonly restoreKeys: readonly [string, string]
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
  const base = [
    KeyPrefix,
    parts.os,
    parts.arch,
    parts.target,
    parts.profile,
    ...(user ? [user.replace(/[:,\s]/g, '_')] : []),
  ].join('-')
  const withoutDeps = `${base}-tools:${tools}-`
  const key = `${withoutDeps}deps:${deps}`
  if (key.length > MaxKeyLength) {
    const room = MaxKeyLength - (key.length - (user?.length ?? 0))
    throw new InputError(
      Inputs.CacheKey,
      user ?? '',
      `makes the cache key ${key.length} characters long, and the Actions cache allows ${MaxKeyLength}: shorten it to at most ${Math.max(room, 0)} characters.`,
    )
  }
  return {
    key,
    restoreKeys: [withoutDeps, `${base}-tools:`],
    envNames: env.map(([k]) => k),
  }
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
