/**
 * Pure decisions of the shared compile cache (sccache): whether this run may write, the
 * environment the build gets, sccache's statistics, and what of the compile environment sccache
 * hashes (legs share entries only when that is identical).
 */
import { createHash } from 'node:crypto'
import type { CompileCacheConfig, CompileCacheStats, CompileCacheWriteMode } from '../types.js'

/** What the workflow run is: GITHUB_EVENT_NAME, GITHUB_REF and the payload's default branch. */
export interface RunEvent {
  readonly eventName: string | undefined
  readonly ref: string | undefined
  /** `repository.default_branch` of the event payload (GITHUB_EVENT_PATH). */
  readonly defaultBranch: string | undefined
}

export interface WriteDecision {
  readonly write: boolean
  /** Why, for the log and the summary. */
  readonly reason: string
}

/**
 * `compile-cache-write`: `true` / `false` as given; `auto` writes only from a push to the default
 * branch. Anything else (pull requests, other branches, tags, schedules) reads only: a pull
 * request must not fill the cache that every default-branch build trusts, and on the GitHub
 * cache service its entries would land in a scope no other branch reads.
 */
export function decideCacheWrite(mode: CompileCacheWriteMode, event: RunEvent): WriteDecision {
  if (mode === 'true') return { write: true, reason: "'compile-cache-write' is true" }
  if (mode === 'false') return { write: false, reason: "'compile-cache-write' is false" }
  const auto = 'compile-cache-write: auto writes from pushes to the default branch only'
  if (event.eventName !== 'push') {
    return {
      write: false,
      reason: `a ${event.eventName ?? 'run without GITHUB_EVENT_NAME'} event, not a push (${auto})`,
    }
  }
  if (event.defaultBranch === undefined || event.defaultBranch === '') {
    return {
      write: false,
      reason: `the event payload names no default branch, so this push cannot be trusted (${auto})`,
    }
  }
  if (event.ref !== `refs/heads/${event.defaultBranch}`) {
    return {
      write: false,
      reason: `a push to ${event.ref ?? '(no GITHUB_REF)'}, not to the default branch ${event.defaultBranch} (${auto})`,
    }
  }
  return { write: true, reason: `a push to the default branch (${event.defaultBranch})` }
}

/** Changes to the build's environment: variables to set, and variables to take away. */
export interface EnvChange {
  readonly set: Readonly<Record<string, string>>
  readonly unset: readonly string[]
}

export type SccacheEnvPlan =
  | { readonly ok: true; readonly change: EnvChange; readonly notes: readonly string[] }
  | { readonly ok: false; readonly reason: string }

export interface SccacheEnvRequest {
  readonly config: CompileCacheConfig
  readonly write: boolean
  /** Absolute path of the verified sccache. */
  readonly sccachePath: string
  /** The port of this run's own sccache server. */
  readonly port: number
  /** The action's environment (what the build would get without the compile cache). */
  readonly env: Readonly<Record<string, string | undefined>>
}

// Variables that select another of sccache's backends: a backend the action did not choose must
// not win over the one it did (sccache takes the first it finds configured).
const OTHER_BACKENDS: Readonly<Record<CompileCacheConfig['backend'], readonly string[]>> = {
  gha: ['SCCACHE_BUCKET'],
  s3: ['SCCACHE_GHA_ENABLED', 'SCCACHE_GHA_VERSION'],
}
const ALWAYS_UNSET = [
  'SCCACHE_REDIS',
  'SCCACHE_REDIS_ENDPOINT',
  'SCCACHE_REDIS_CLUSTER_ENDPOINTS',
  'SCCACHE_MEMCACHED',
  'SCCACHE_MEMCACHED_ENDPOINT',
  'SCCACHE_GCS_BUCKET',
  'SCCACHE_AZURE_CONNECTION_STRING',
  'SCCACHE_WEBDAV_ENDPOINT',
  'SCCACHE_OSS_BUCKET',
  'SCCACHE_COS_BUCKET',
  'SCCACHE_MULTILEVEL_CHAIN',
  // The build's compiles must reach this run's server, started with this plan's variables.
  'SCCACHE_SERVER_UDS',
  'SCCACHE_NO_DAEMON',
]

/**
 * The build's environment for sccache (variable names as sccache 0.16 reads them):
 * - always RUSTC_WRAPPER (cc-rs then wraps the C compiler with it too), a server port of this
 *   run's own (a runner may host other jobs' servers), and no idle timeout (a long link step
 *   must not stop the server before the action reads its statistics);
 * - `gha`: SCCACHE_GHA_ENABLED and SCCACHE_GHA_RW_MODE; sccache reaches the cache service
 *   through ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_SERVICE_V2, which the
 *   runner gives the action's process (and so the build) but not `run:` steps;
 * - `s3`: SCCACHE_BUCKET, SCCACHE_REGION, SCCACHE_S3_KEY_PREFIX, SCCACHE_S3_RW_MODE, and
 *   SCCACHE_ENDPOINT from AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL (S3-compatible stores). A
 *   read-only run without AWS credentials reads anonymously (SCCACHE_S3_NO_CREDENTIALS): pull
 *   requests from forks get no secrets, and a public-read bucket still serves them.
 */
export function planSccacheEnv(req: SccacheEnvRequest): SccacheEnvPlan {
  const { config, env } = req
  const mode = req.write ? 'READ_WRITE' : 'READ_ONLY'
  const set: Record<string, string> = {
    RUSTC_WRAPPER: req.sccachePath,
    SCCACHE_SERVER_PORT: String(req.port),
    SCCACHE_IDLE_TIMEOUT: '0',
  }
  const notes: string[] = []
  if (env.RUSTC_WRAPPER && env.RUSTC_WRAPPER !== req.sccachePath) {
    notes.push(
      `RUSTC_WRAPPER was ${env.RUSTC_WRAPPER}; the build uses this action's sccache instead.`,
    )
  }
  if (config.backend === 'gha') {
    if (!env.ACTIONS_RUNTIME_TOKEN || !(env.ACTIONS_RESULTS_URL || env.ACTIONS_CACHE_URL)) {
      return {
        ok: false,
        reason:
          'the GitHub Actions cache service is not available to this step (ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set)',
      }
    }
    set.SCCACHE_GHA_ENABLED = 'on'
    set.SCCACHE_GHA_RW_MODE = mode
  } else {
    const s3 = config.s3
    if (s3 === undefined) return { ok: false, reason: "'compile-cache: s3' without a bucket" }
    set.SCCACHE_BUCKET = s3.bucket
    set.SCCACHE_REGION = s3.region
    set.SCCACHE_S3_KEY_PREFIX = s3.prefix
    set.SCCACHE_S3_RW_MODE = mode
    const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL
    if (endpoint) set.SCCACHE_ENDPOINT = endpoint
    if (!req.write && !hasAwsCredentials(env)) {
      set.SCCACHE_S3_NO_CREDENTIALS = 'true'
      notes.push(
        'No AWS credentials in the environment: the compile cache bucket is read anonymously (it must allow public reads, else every compile is a miss).',
      )
    }
  }
  return {
    ok: true,
    change: { set, unset: [...OTHER_BACKENDS[config.backend], ...ALWAYS_UNSET] },
    notes,
  }
}

/** Credentials the AWS SDKs (and sccache's S3 client) find in the environment. */
function hasAwsCredentials(env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(
    (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) ||
    (env.AWS_ROLE_ARN && env.AWS_WEB_IDENTITY_TOKEN_FILE) ||
    env.AWS_PROFILE ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
  )
}

/** Pure: `env` with a change applied. */
export function applyEnvChange(
  env: Readonly<Record<string, string>>,
  change: EnvChange | undefined,
): Record<string, string> {
  if (change === undefined) return { ...env }
  const out: Record<string, string> = { ...env }
  for (const name of change.unset) delete out[name]
  return { ...out, ...change.set }
}

/**
 * The variables sccache 0.16 hashes into every Rust compile's key (src/compiler/rust.rs): all
 * `CARGO_*` but CARGO_MAKEFLAGS, CARGO_REGISTRIES_*, CARGO_BUILD_JOBS and CARGO_ENCODED_RUSTFLAGS
 * (the flags are hashed as arguments). Cargo adds its per-crate ones (CARGO_PKG_*, ...) itself.
 */
export function sccacheHashedEnv(
  env: Readonly<Record<string, string | undefined>>,
): (readonly [string, string])[] {
  return Object.entries(env)
    .filter((e): e is [string, string] => e[1] !== undefined && e[0].startsWith('CARGO_'))
    .filter(
      ([name]) =>
        name !== 'CARGO_MAKEFLAGS' &&
        !name.startsWith('CARGO_REGISTRIES_') &&
        name !== 'CARGO_BUILD_JOBS' &&
        name !== 'CARGO_ENCODED_RUSTFLAGS',
    )
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

/**
 * A short digest of what the build's environment adds to sccache's keys: the hashed variables and
 * the compiler wrapper's view of the toolchain (RUSTUP_TOOLCHAIN). Legs whose digests differ share
 * no compiled dependency; the log and the summary show it so legs can be compared.
 */
export function compileEnvDigest(env: Readonly<Record<string, string | undefined>>): string {
  const h = createHash('sha256')
  for (const [name, value] of sccacheHashedEnv(env)) h.update(`${name}=${value}\n`)
  h.update(`RUSTUP_TOOLCHAIN=${env.RUSTUP_TOOLCHAIN ?? ''}\n`)
  return h.digest('hex').slice(0, 12)
}

/**
 * The hashed variables whose value holds a per-run folder (RUNNER_TEMP, which also differs
 * between runners): with them no two runs share an entry.
 */
export function perRunCompileVars(
  env: Readonly<Record<string, string | undefined>>,
  runnerTemp: string | undefined,
): string[] {
  if (!runnerTemp) return []
  return sccacheHashedEnv(env)
    .filter(([, value]) => value.includes(runnerTemp))
    .map(([name]) => name)
}

/** Pure: sccache's `--show-stats --stats-format json` output, summed over languages. */
export function parseSccacheStats(json: string): CompileCacheStats {
  const info = JSON.parse(json) as {
    stats?: Record<string, unknown>
    cache_location?: unknown
  }
  const s = info.stats
  if (typeof s !== 'object' || s === null) throw new Error('no "stats" object')
  const num = (k: string): number => (typeof s[k] === 'number' ? s[k] : 0)
  const perLanguage = (k: string): number => {
    const counts = (s[k] as { counts?: Record<string, unknown> } | undefined)?.counts ?? {}
    return Object.values(counts).reduce<number>((a, v) => a + (typeof v === 'number' ? v : 0), 0)
  }
  const hits = perLanguage('cache_hits')
  const misses = perLanguage('cache_misses')
  return {
    compileRequests: num('compile_requests'),
    hits,
    misses,
    nonCacheableCalls: num('requests_not_cacheable'),
    nonCacheableCompilations: num('non_cacheable_compilations'),
    writes: num('cache_writes'),
    writeErrors: num('cache_write_errors'),
    readErrors: num('cache_read_errors'),
    cacheErrors: perLanguage('cache_errors'),
    timeouts: num('cache_timeouts'),
    hitRate: hits + misses > 0 ? hits / (hits + misses) : undefined,
    location: typeof info.cache_location === 'string' ? info.cache_location : undefined,
  }
}
