/** smokeTest over real fixture builds: modes, concurrency, results for the report, the error. */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readConfig } from '../../src/config/index.js'
import {
  defaultDeps,
  functionNameFor,
  planSmoke,
  smokeFailure,
  smokeTest,
} from '../../src/smoke/index.js'
import type { Config, SmokeResults } from '../../src/types.js'
import type { RunnerFacts } from '../../src/smoke/runner.js'
import type { Artifact } from '../../src/types.js'
import { repoRoot } from '../../test/support/harness.js'
import {
  buildSmokeFixtures,
  smokeFixtureDir,
  zipArtifact,
  type SmokeFixtureBin,
} from '../../test/support/smoke-fixtures.js'
import { BUILD_TIMEOUT_MS } from '../../test/support/shared-runner.js'

const work = path.join(repoRoot, '.tmp', 'smoke-tests', `index-${process.pid}`)
let armDir = ''
let x64Dir = ''

beforeAll(async () => {
  fs.rmSync(work, { recursive: true, force: true })
  fs.mkdirSync(work, { recursive: true })
  ;[armDir, x64Dir] = await Promise.all([buildSmokeFixtures('arm64'), buildSmokeFixtures('x86_64')])
}, BUILD_TIMEOUT_MS) // the fixtures' cold build (real crates) when no earlier file did it
afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

function config(inputs: Record<string, string> = {}): Config {
  return readConfig((name) => inputs[name] ?? '', { GITHUB_WORKSPACE: smokeFixtureDir })
}

async function artifact(
  bin: string,
  fixture: SmokeFixtureBin,
  architecture: 'arm64' | 'x86_64' = 'arm64',
  kind: 'function' | 'extension' = 'function',
): Promise<Artifact> {
  const dir = architecture === 'arm64' ? armDir : x64Dir
  return zipArtifact(path.join(dir, fixture), path.join(work, `${bin}.zip`), {
    bin,
    architecture,
    kind,
  })
}

const seams = defaultDeps({ tempDir: work, env: {} })
const noQemu: RunnerFacts = { platform: 'linux', hostArch: 'x64', binfmt: {}, onPath: {} }

describe('smokeTest', () => {
  it('passes the arm64 function under qemu with its response, start-up time and runner', async () => {
    const results = await smokeTest(
      config({
        'smoke-event': '{"name":"ferris"}',
        functions: 'api=arn:aws:lambda:eu-west-1:123456789012:function:prod-api',
      }),
      [await artifact('api', 'echo')],
      seams,
    )
    expect(results.api).toMatchObject({
      status: 'passed',
      response: '{"function":"prod-api","echo":{"name":"ferris"}}',
      via: 'qemu-aarch64-static',
    })
    expect(results.api?.startupMs).toBeGreaterThan(0)
    expect(results.api?.ms).toBeGreaterThanOrEqual(results.api?.startupMs ?? 0)
  })

  it('tests every function and returns all results; the failure names each failed one', async () => {
    const artifacts = [
      await artifact('good', 'echo'),
      await artifact('crash', 'panic-at-start'),
      await artifact('bad', 'invocation-error'),
      await artifact('hang', 'never-answers'),
      await artifact('ext', 'echo', 'arm64', 'extension'),
    ]
    const started = Date.now()
    const results = await smokeTest(config({ 'smoke-timeout': '2' }), artifacts, seams)
    const elapsed = Date.now() - started
    // What run.ts throws: one SmokeError naming each failure.
    const failure = smokeFailure(results)
    expect(failure).toBeDefined()
    const e = { results, message: failure ?? '' }
    // Concurrent: the whole takes less than its runs one after the other would, however loaded
    // the machine (each run's own time grows with the load too).
    const serial = Object.values(e.results).reduce((sum, r) => sum + (r.ms ?? 0), 0)
    expect(elapsed).toBeLessThan(serial)
    expect(Object.keys(e.results)).toEqual(['good', 'crash', 'bad', 'hang', 'ext'])
    expect(e.results.good?.status).toBe('passed')
    expect(e.results.ext).toEqual({
      status: 'skipped',
      reason: 'extension: extensions are not invoked through the Runtime API',
      ms: 0,
    })
    const lines = e.message.split('\n')
    expect(lines[0]).toBe('Smoke test failed for 3 functions, so nothing was deployed or uploaded:')
    expect(lines.slice(1).join('\n')).toMatch(
      /^- crash: exited with code 101 before answering the event: thread 'main'.*panicked at .*\nDATABASE_URL must be set: NotPresent\n- bad: invocation error: ValidationError: field `name` is required\n- hang: timed out: took the event after \d+ ms but did not answer within 2 s \(smoke-timeout\)$/s,
    )
  })

  it('auto: skips with the reason when the runner cannot run arm64', async () => {
    const results = await smokeTest(config(), [await artifact('api', 'echo')], {
      ...seams,
      probe: () => Promise.resolve(noQemu),
    })
    expect(results.api?.status).toBe('skipped')
    expect(results.api?.reason).toMatch(/^this x86_64 runner cannot run arm64 binaries: /)
  })

  it('true: a runner that cannot run the binary is an error', async () => {
    const results = await smokeTest(
      config({ 'smoke-test': 'true' }),
      [await artifact('api', 'echo')],
      {
        ...seams,
        probe: () => Promise.resolve(noQemu),
      },
    )
    expect(results.api?.status).toBe('failed')
    expect(smokeFailure(results)).toMatch(
      /^Smoke test failed for 1 function, so nothing was deployed or uploaded:\n- api: smoke-test is true, but this x86_64 runner cannot run arm64 binaries: /,
    )
  })

  it('false: runs nothing (even a function that would fail)', async () => {
    const results: SmokeResults = await smokeTest(
      config({ 'smoke-test': 'false' }),
      [await artifact('crash', 'panic-at-start')],
      { ...seams, probe: () => Promise.reject(new Error('must not probe')) },
    )
    expect(results).toEqual({ crash: { status: 'skipped', reason: 'smoke-test is false', ms: 0 } })
  })

  it('runs an x86_64 function natively', async () => {
    const results = await smokeTest(
      config({ architecture: 'x86_64' }),
      [await artifact('api', 'echo', 'x86_64')],
      seams,
    )
    expect(results.api).toMatchObject({ status: 'passed', via: 'native x86_64' })
  })
})

describe('planSmoke', () => {
  const way = { way: { kind: 'native' as const }, description: 'native x86_64' }
  const fn = { kind: 'function' as const, glibcRequired: '2.34' }
  it('runs functions, skips extensions and everything when false', () => {
    expect(planSmoke('auto', fn, way, 'provided.al2023')).toEqual({
      kind: 'run',
      way: { kind: 'native' },
      via: 'native x86_64',
    })
    expect(planSmoke('true', { kind: 'extension' }, way, 'provided.al2023')).toMatchObject({
      outcome: { status: 'skipped' },
    })
    expect(planSmoke('false', fn, way, 'provided.al2023')).toMatchObject({
      outcome: { status: 'skipped', reason: 'smoke-test is false' },
    })
  })

  it('fails a binary that needs a newer glibc than the runtime has, even if the runner could run it', () => {
    const plan = planSmoke('auto', fn, way, 'provided.al2')
    expect(plan).toEqual({
      kind: 'done',
      outcome: {
        status: 'failed',
        reason:
          'could not start: GLIBC_2.34 not found: the binary needs glibc 2.34, provided.al2 has 2.26 (build for <triple>.2.26, the default target for this runtime)',
        ms: 0,
      },
    })
    const noWay = { way: undefined, reason: 'no qemu' }
    expect(planSmoke('auto', fn, noWay, 'provided.al2')).toMatchObject({
      outcome: { status: 'failed' },
    })
    expect(
      planSmoke('auto', { kind: 'function', glibcRequired: '2.9' }, way, 'provided.al2'),
    ).toMatchObject({
      kind: 'run',
    })
  })
})

describe('functionNameFor', () => {
  it('uses the deployed function name (from a name or an ARN), else the binary', () => {
    expect(functionNameFor(config({ 'function-name': 'my-fn' }), 'api')).toBe('my-fn')
    expect(
      functionNameFor(config({ functions: 'api=123456789012:function:other:live' }), 'api'),
    ).toBe('other')
    expect(functionNameFor(config(), 'api')).toBe('api')
  })
})
