import { describe, expect, it } from 'vitest'
import {
  applyEnvChange,
  compileEnvDigest,
  decideCacheWrite,
  parseSccacheStats,
  perRunCompileVars,
  planSccacheEnv,
  sccacheHashedEnv,
  type SccacheEnvRequest,
} from '../../src/cache/compile-plan.js'
import { buildEnv } from '../../src/build/args.js'
import type { CompileCacheConfig } from '../../src/types.js'

const push = (ref: string, defaultBranch: string | undefined = 'main') => ({
  eventName: 'push',
  ref,
  defaultBranch,
})

describe('decideCacheWrite', () => {
  it('auto writes from a push to the default branch only', () => {
    expect(decideCacheWrite('auto', push('refs/heads/main'))).toEqual({
      write: true,
      reason: 'a push to the default branch (main)',
    })
    expect(decideCacheWrite('auto', push('refs/heads/trunk', 'trunk')).write).toBe(true)
  })

  it('auto only reads on pull requests, other branches, tags and unknown payloads', () => {
    const pr = decideCacheWrite('auto', {
      eventName: 'pull_request',
      ref: 'refs/pull/7/merge',
      defaultBranch: 'main',
    })
    expect(pr.write).toBe(false)
    expect(pr.reason).toContain('a pull_request event, not a push')
    const branch = decideCacheWrite('auto', push('refs/heads/feature'))
    expect(branch).toMatchObject({ write: false })
    expect(branch.reason).toContain('a push to refs/heads/feature, not to the default branch main')
    expect(decideCacheWrite('auto', push('refs/tags/v1.0.0')).write).toBe(false)
    expect(
      decideCacheWrite('auto', {
        eventName: 'push',
        ref: 'refs/heads/main',
        defaultBranch: undefined,
      }).reason,
    ).toContain('names no default branch')
    expect(
      decideCacheWrite('auto', {
        eventName: 'schedule',
        ref: 'refs/heads/main',
        defaultBranch: 'main',
      }).write,
    ).toBe(false)
  })

  it('true and false are taken as given', () => {
    expect(
      decideCacheWrite('true', {
        eventName: 'pull_request',
        ref: undefined,
        defaultBranch: undefined,
      }).write,
    ).toBe(true)
    expect(decideCacheWrite('false', push('refs/heads/main')).write).toBe(false)
  })
})

const sccache = { version: '0.16.0', sha256: undefined, url: undefined }
const gha: CompileCacheConfig = { backend: 'gha', write: 'auto', s3: undefined, sccache }
const s3: CompileCacheConfig = {
  backend: 's3',
  write: 'auto',
  s3: { bucket: 'build-cache', region: 'eu-west-1', prefix: 'sccache' },
  sccache,
}
const request = (over: Partial<SccacheEnvRequest>): SccacheEnvRequest => ({
  config: gha,
  write: true,
  sccachePath: '/opt/hostedtoolcache/sccache/0.16.0/x64/sccache',
  port: 41234,
  env: {},
  ...over,
})

describe('planSccacheEnv', () => {
  it('gha: the wrapper, this run’s server, the GitHub cache backend in the decided mode', () => {
    const plan = planSccacheEnv(
      request({
        write: false,
        env: { ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'https://results.example/' },
      }),
    )
    expect(plan.ok).toBe(true)
    if (!plan.ok) return
    expect(plan.change.set).toEqual({
      RUSTC_WRAPPER: '/opt/hostedtoolcache/sccache/0.16.0/x64/sccache',
      SCCACHE_SERVER_PORT: '41234',
      SCCACHE_IDLE_TIMEOUT: '0',
      SCCACHE_GHA_ENABLED: 'on',
      SCCACHE_GHA_RW_MODE: 'READ_ONLY',
    })
    // Another backend configured in the job must not win over the chosen one.
    expect(plan.change.unset).toContain('SCCACHE_BUCKET')
    expect(plan.change.unset).toContain('SCCACHE_REDIS')
  })

  it('gha without the runner’s cache service variables is not used, and says why', () => {
    const plan = planSccacheEnv(request({ env: { ACTIONS_RESULTS_URL: 'https://r.example/' } }))
    expect(plan).toEqual({
      ok: false,
      reason: expect.stringContaining('ACTIONS_RUNTIME_TOKEN') as string,
    })
  })

  it('s3: bucket, region, prefix, mode and a custom endpoint; credentials stay in the environment', () => {
    const plan = planSccacheEnv(
      request({
        config: s3,
        env: {
          AWS_ACCESS_KEY_ID: 'AKIA',
          AWS_SECRET_ACCESS_KEY: 'secret',
          AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000',
          SCCACHE_GHA_ENABLED: 'on',
        },
      }),
    )
    if (!plan.ok) throw new Error(plan.reason)
    expect(plan.change.set).toMatchObject({
      SCCACHE_BUCKET: 'build-cache',
      SCCACHE_REGION: 'eu-west-1',
      SCCACHE_S3_KEY_PREFIX: 'sccache',
      SCCACHE_S3_RW_MODE: 'READ_WRITE',
      SCCACHE_ENDPOINT: 'http://127.0.0.1:9000',
    })
    expect(plan.change.set).not.toHaveProperty('SCCACHE_S3_NO_CREDENTIALS')
    expect(plan.change.set).not.toHaveProperty('AWS_SECRET_ACCESS_KEY')
    expect(plan.change.unset).toContain('SCCACHE_GHA_ENABLED')
  })

  it('s3 read-only without credentials reads anonymously (fork pull requests get no secrets)', () => {
    const plan = planSccacheEnv(request({ config: s3, write: false }))
    if (!plan.ok) throw new Error(plan.reason)
    expect(plan.change.set.SCCACHE_S3_NO_CREDENTIALS).toBe('true')
    expect(plan.change.set.SCCACHE_S3_RW_MODE).toBe('READ_ONLY')
    expect(plan.notes.join(' ')).toContain('read anonymously')
  })

  it('applies over the build environment: unset first, then set', () => {
    expect(
      applyEnvChange(
        { PATH: '/bin', SCCACHE_BUCKET: 'other', RUSTC_WRAPPER: 'ccache' },
        { set: { RUSTC_WRAPPER: '/t/sccache' }, unset: ['SCCACHE_BUCKET', 'RUSTC_WRAPPER'] },
      ),
    ).toEqual({ PATH: '/bin', RUSTC_WRAPPER: '/t/sccache' })
  })
})

describe('the compile environment sccache hashes', () => {
  it('is every CARGO_ variable but the jobserver, registry, parallelism and flags ones', () => {
    expect(
      sccacheHashedEnv({
        CARGO_HOME: '/h/.cargo',
        CARGO_MAKEFLAGS: '-j --jobserver-fds=3,4',
        CARGO_REGISTRIES_X_TOKEN: 's',
        CARGO_BUILD_JOBS: '2',
        CARGO_ENCODED_RUSTFLAGS: '-Cx',
        CARGO_ZIGBUILD_CACHE_DIR: '/tc/cargo-zigbuild',
        RUNNER_TEMP: '/tmp/r1',
      }).map(([n]) => n),
    ).toEqual(['CARGO_HOME', 'CARGO_ZIGBUILD_CACHE_DIR'])
  })

  it('is the same for two runs in different RUNNER_TEMPs (what the action adds holds no temp path)', () => {
    // Two legs: same tool cache, workspace and HOME (as on hosted runners); a fresh RUNNER_TEMP each,
    // with the runner's per-step files under it.
    const leg = (temp: string) => {
      const base = {
        HOME: '/home/runner',
        PATH: '/usr/bin',
        RUNNER_TEMP: temp,
        GITHUB_ENV: `${temp}/_runner_file_commands/set_env_${temp.slice(-4)}`,
        RUNNER_TOOL_CACHE: '/opt/hostedtoolcache',
        CARGO_ZIGBUILD_ZIG_PATH: '/opt/hostedtoolcache/zig/0.15.2/x64/zig',
        CARGO_ZIGBUILD_CACHE_DIR: '/opt/hostedtoolcache/cargo-zigbuild',
        CARGO_HOME: '/home/runner/.cargo',
      }
      const env = buildEnv(base, {
        rustToolchain: 'stable',
        zigCacheDir: '/home/runner/.cache/zig',
      })
      const plan = planSccacheEnv(
        request({
          port: temp.length * 1000 + 7,
          env: { ...env, ACTIONS_RUNTIME_TOKEN: 'x', ACTIONS_RESULTS_URL: 'http://r/' },
        }),
      )
      if (!plan.ok) throw new Error(plan.reason)
      return applyEnvChange(env, plan.change)
    }
    const a = leg('/home/runner/work/_temp/aaaa')
    const b = leg('/tmp/runner-2/_temp/bbbb')
    expect(sccacheHashedEnv(a)).toEqual(sccacheHashedEnv(b))
    expect(compileEnvDigest(a)).toBe(compileEnvDigest(b))
    expect(perRunCompileVars(a, '/home/runner/work/_temp/aaaa')).toEqual([])
  })

  it('names the variables that hold a per-run folder, and the digest tells the legs apart', () => {
    const env = { CARGO_TARGET_DIR: '/tmp/r1/target', CARGO_HOME: '/h/.cargo' }
    expect(perRunCompileVars(env, '/tmp/r1')).toEqual(['CARGO_TARGET_DIR'])
    expect(compileEnvDigest(env)).not.toBe(
      compileEnvDigest({ ...env, CARGO_TARGET_DIR: '/tmp/r2/target' }),
    )
    expect(compileEnvDigest(env)).toMatch(/^[0-9a-f]{12}$/)
  })
})

describe('parseSccacheStats', () => {
  it('sums the per-language counters of `sccache --show-stats --stats-format json`', () => {
    // The shape sccache 0.16.0 prints (abridged to the fields read).
    const json = JSON.stringify({
      stats: {
        compile_requests: 120,
        requests_not_cacheable: 30,
        cache_hits: { counts: { Rust: 80, 'C/C++': 2 }, adv_counts: {} },
        cache_misses: { counts: { Rust: 8 }, adv_counts: {} },
        cache_errors: { counts: {}, adv_counts: {} },
        cache_read_errors: 1,
        cache_write_errors: 0,
        cache_writes: 8,
        non_cacheable_compilations: 0,
        cache_timeouts: 0,
      },
      cache_location: 'S3, name: build-cache, prefix: /sccache/',
      version: '0.16.0',
    })
    expect(parseSccacheStats(json)).toEqual({
      compileRequests: 120,
      hits: 82,
      misses: 8,
      nonCacheableCalls: 30,
      nonCacheableCompilations: 0,
      writes: 8,
      writeErrors: 0,
      readErrors: 1,
      cacheErrors: 0,
      timeouts: 0,
      hitRate: 82 / 90,
      location: 'S3, name: build-cache, prefix: /sccache/',
    })
  })

  it('has no hit rate when nothing cacheable was compiled, and refuses foreign output', () => {
    expect(
      parseSccacheStats(JSON.stringify({ stats: { cache_hits: { counts: {} } } })).hitRate,
    ).toBeUndefined()
    expect(() => parseSccacheStats('{"version":"0.16.0"}')).toThrow('no "stats" object')
  })
})
