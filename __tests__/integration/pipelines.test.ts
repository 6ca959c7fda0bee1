/**
 * The workflow shapes of issue 12 through the bundled action (dist/) and the runner harness: the
 * real cargo-lambda and Zig from the local mirror, the results-service emulator for the Actions
 * cache and artifacts, the Lambda emulator for the deploys.
 *
 * One project (test/fixtures/smoke-functions: Lambda functions on lambda_runtime + tokio, several
 * binaries, built for x86_64 one binary at a time) is built by a handful of runs at one fixed workspace path, each a fresh runner (empty HOME and
 * workspace, its own RUNNER_TEMP) sharing the cache service, as GitHub's runners do:
 * - a deploy that fails with AccessDenied still saves the cache; the next run, on a runner with
 *   another RUNNER_TEMP, gets an exact hit;
 * - two legs with other `binaries` keep two entries and each hits its own; a `shared-key` makes
 *   them share one;
 * - a failed build saves nothing, unless `cache-on-failure: true`;
 * then deploy-only runs take that build's zips (its `artifacts` output, and the artifacts it
 * uploaded laid out as actions/download-artifact does) with a PATH whose `cargo` would leave a
 * marker: no tool is installed, cargo never runs, and the CodeSha256 is the build's.
 *
 * Each test stands alone: a run that later tests build on (the first build, the build whose zips
 * the deploys take, the first leg, the broken project's saved entry) is made once, by `once`, by
 * whichever test needs it first. In a run of the whole file each happens once, as before; a test
 * run alone (`-t`) makes the runs it needs itself.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  copyProject,
  makeRunnerDirs,
  repoRoot,
  runAction,
  type ActionRun,
  type RunnerDirs,
} from '../../test/support/harness.js'
import { startLambdaEmulator, type LambdaEmulator } from '../../test/support/lambda-emulator.js'
import { startMirror, type Mirror } from '../../test/support/mirror.js'
import { prepareReleases, type PreparedReleases } from '../../test/support/releases.js'
import { startResultsService, type ResultsService } from '../../test/support/results-service.js'
import { BUILD_TIMEOUT_MS } from '../../test/support/shared-runner.js'

const fixture = path.join(repoRoot, 'test', 'fixtures', 'smoke-functions')
const brokenFixture = path.join(repoRoot, 'test', 'fixtures', 'compile-error')

let root: string
let releases: PreparedReleases
let mirror: Mirror
let service: ResultsService
let lambda: LambdaEmulator
let runs = 0

beforeAll(async () => {
  fs.mkdirSync(path.join(repoRoot, '.tmp'), { recursive: true })
  root = fs.mkdtempSync(path.join(repoRoot, '.tmp', 'pipelines-'))
  releases = await prepareReleases(path.join(root, 'mirror'))
  mirror = await startMirror(path.join(root, 'mirror'), { timeoutMs: 90 * 60_000 })
  service = await startResultsService({ lifetimeMs: 90 * 60_000 })
  lambda = await startLambdaEmulator({ updateMs: 100, lifetimeMs: 90 * 60_000 })
  for (const name of ['echo-fn', 'echo-json', 'echo-folder', 'echo-prod', 'echo-arm']) {
    lambda.addFunction({ name, architecture: name === 'echo-arm' ? 'arm64' : 'x86_64' })
  }
}, 300_000)
afterAll(async () => {
  await lambda?.close()
  await mirror?.close()
  await service?.close()
  fs.rmSync(root, { recursive: true, force: true })
})

/**
 * A fresh runner: the same workspace and HOME paths (emptied), a RUNNER_TEMP of its own, and a
 * tool cache kept between runs (a warm runner image: the tools are not what these tests are about).
 */
function freshRunner(project: string | undefined = fixture, temp = `temp-${++runs}`): RunnerDirs {
  const base = path.join(root, 'runner')
  for (const d of ['workspace', 'home'])
    fs.rmSync(path.join(base, d), { recursive: true, force: true })
  const dirs = makeRunnerDirs(base)
  dirs.temp = path.join(root, temp)
  dirs.toolCache = path.join(root, 'tool-cache')
  for (const d of [dirs.temp, dirs.toolCache]) fs.mkdirSync(d, { recursive: true })
  fs.rmSync(dirs.workspace, { recursive: true, force: true })
  if (project === undefined) fs.mkdirSync(dirs.workspace)
  else copyProject(project, dirs.workspace)
  return dirs
}

const awsEnv = (): Record<string, string> => ({
  AWS_ENDPOINT_URL_LAMBDA: lambda.url,
  AWS_ACCESS_KEY_ID: 'AKIAINTEGRATIONTEST',
  AWS_SECRET_ACCESS_KEY: 'integration-secret',
  AWS_REGION: lambda.region,
  AWS_CONFIG_FILE: path.join(root, 'no-aws-config'),
  AWS_SHARED_CREDENTIALS_FILE: path.join(root, 'no-aws-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
})

async function run(
  dirs: RunnerDirs,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  const r = await runAction({
    inputs: {
      ...releases.inputs(mirror.url),
      architecture: 'x86_64',
      'upload-artifact': 'false',
      'smoke-test': 'false',
      ...inputs,
    },
    dirs,
    env: { ...service.env, ...awsEnv(), RLA_RETRY_BASE_MS: '5', ...env },
    timeoutMs: BUILD_TIMEOUT_MS,
  })
  return r
}

const explain = (r: ActionRun): string =>
  `main exit ${r.main.exitCode}\n${r.main.log.slice(-3000)}\n--- post\n${r.post?.log.slice(-2000) ?? ''}`
const keyOf = (r: ActionRun): string => /Cargo cache key: (\S+)/.exec(r.main.log)?.[1] ?? ''
const saved = (key: string): boolean =>
  service.cacheEntries().some((e) => e.key === key && e.finalized)
const entriesWith = (key: string) => service.cacheEntries().filter((e) => e.key === key)

/** `make` runs once, when first asked; every later caller gets the same promise. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined
  return () => (made ??= make())
}

// The first run compiles the fixture's crates cold (minutes on two cores, more while other files
// build); the later runs restore them from the cache service and re-link one binary. These runs
// keep their own target folders in the workspace, never the shared runner's: the cargo cache of
// the workspace is what they test.
describe(
  'caches that survive failures, RUNNER_TEMP and matrix legs',
  { timeout: BUILD_TIMEOUT_MS },
  () => {
    const buildZips = (): string => path.join(root, 'build-zips')

    /** The cold build of echo; its deploy fails with AccessDenied, its post step saves the cache. */
    const accessDeniedRun = once(async () => {
      lambda.inject({
        operation: 'UpdateFunctionCode',
        function: 'echo-fn',
        status: 403,
        code: 'AccessDeniedException',
        message: 'User is not authorized to perform: lambda:UpdateFunctionCode',
      })
      try {
        return await run(freshRunner(), { binaries: 'echo', 'function-name': 'echo-fn' })
      } finally {
        lambda.clearFaults()
      }
    })
    const echoKeyOf = async (): Promise<string> => keyOf(await accessDeniedRun())

    /**
     * echo again, on a runner with another RUNNER_TEMP, uploading its artifacts. Its zips are kept
     * for the deploy-only steps below, which model later steps of this same job.
     */
    const buildRun = once(async () => {
      await accessDeniedRun()
      const dirs = freshRunner()
      const r = await run(dirs, { binaries: 'echo', 'upload-artifact': 'true' })
      const zips = path.join(dirs.workspace, 'target', 'lambda')
      if (fs.existsSync(zips)) fs.cpSync(zips, buildZips(), { recursive: true })
      return r
    })

    /** The first leg with other binaries (init-error), after echo's entry exists. */
    const initLeg = once(async () => {
      await accessDeniedRun()
      return run(freshRunner(), { binaries: 'init-error' })
    })

    /** The broken project's entry, saved by a failed build with cache-on-failure: true. */
    const brokenSaved = once(() => run(freshRunner(brokenFixture), { 'cache-on-failure': 'true' }))

    it('a deploy that fails with AccessDenied still saves the cargo cache', async () => {
      const r = await accessDeniedRun()
      expect(r.main.exitCode, explain(r)).toBe(1)
      expect(r.main.outputs['deploy-result'], explain(r)).toBe('failed')
      const key = keyOf(r)
      expect(key).toMatch(/-build:[0-9a-f]{12}$/)
      expect(r.post?.exitCode, explain(r)).toBe(0)
      expect(r.post?.log).toContain(`Saved the cargo cache: ${key}`)
      expect(saved(key)).toBe(true)
      // Zig's cache is kept under HOME, not under RUNNER_TEMP.
      expect(r.main.log).toMatch(/Paths: .*\/home\/\.cache\/zig/)
      expect(r.main.log).not.toMatch(/Paths: [^\n]*temp-\d+/)
    })

    it('the next run, on a runner with another RUNNER_TEMP, gets an exact hit', async () => {
      const r = await buildRun()
      expect(r.main.exitCode, explain(r)).toBe(0)
      expect(keyOf(r)).toBe(await echoKeyOf())
      expect(r.main.outputs['cache-hit']).toBe('true')
      expect(r.post?.log).toContain('nothing to save')
    })

    it('a leg with other binaries saves its own entry, restoring the first one partially', async () => {
      const r = await initLeg()
      expect(r.main.exitCode, explain(r)).toBe(0)
      const initKey = keyOf(r)
      const echoKey = await echoKeyOf()
      expect(initKey).not.toBe(echoKey)
      expect(r.main.summary).toContain('partial (restore key)')
      expect(saved(initKey)).toBe(true)
      expect(entriesWith(echoKey)).toHaveLength(1)
    })

    it('the second leg then gets an exact hit on its own entry, the first keeping its own', async () => {
      // The first leg's own exact hit is the run above (same key, restored exactly).
      const [echoKey, initKey] = [await echoKeyOf(), keyOf(await initLeg())]
      const r = await run(freshRunner(), { binaries: 'init-error' })
      expect(r.main.exitCode, explain(r)).toBe(0)
      expect(keyOf(r)).toBe(initKey)
      expect(r.main.outputs['cache-hit']).toBe('true')
      expect(entriesWith(echoKey)).toHaveLength(1)
      expect(entriesWith(initKey)).toHaveLength(1)
    })

    it('two legs with the same shared-key share one entry', async () => {
      const a = await run(freshRunner(), { binaries: 'echo', 'shared-key': 'functions' })
      expect(a.main.exitCode, explain(a)).toBe(0)
      const shared = keyOf(a)
      expect(shared).toMatch(/-shared:functions$/)
      expect(saved(shared)).toBe(true)
      const b = await run(freshRunner(), { binaries: 'init-error', 'shared-key': 'functions' })
      expect(b.main.exitCode, explain(b)).toBe(0)
      expect(keyOf(b)).toBe(shared)
      expect(b.main.outputs['cache-hit']).toBe('true')
      expect(entriesWith(shared)).toHaveLength(1)
    })

    it('a failed build saves nothing; with cache-on-failure: true it saves', async () => {
      const r = await run(freshRunner(brokenFixture), {})
      expect(r.main.exitCode).toBe(1)
      const key = keyOf(r)
      expect(r.post?.exitCode).toBe(0)
      expect(r.post?.log).toContain('The build failed: the cargo cache is not saved')
      expect(service.cacheEntries().some((e) => e.key === key)).toBe(false)

      const again = await brokenSaved()
      expect(again.main.exitCode).toBe(1)
      expect(keyOf(again)).toBe(key)
      expect(again.post?.log).toContain(`Saved the cargo cache: ${key}`)
      expect(saved(key)).toBe(true)
    })

    it('a run whose folders differ misses the same key, and the log names the folder', async () => {
      // The broken project's entry (saved with cache-on-failure): its build fails in seconds, after
      // the restore, which is all this test is about. Zig's cache elsewhere: the same key (the
      // path is not part of it), another entry version.
      const seeded = await brokenSaved()
      const brokenKey = keyOf(seeded)
      expect(saved(brokenKey), explain(seeded)).toBe(true)
      const elsewhere = path.join(root, 'zig-elsewhere')
      const r = await run(
        freshRunner(brokenFixture),
        { 'save-cache': 'false' },
        { ZIG_GLOBAL_CACHE_DIR: elsewhere },
      )
      expect(keyOf(r), explain(r)).toBe(brokenKey)
      expect(r.main.log).not.toContain('Exact hit')
      expect(r.main.outputs['cache-hit']).toBe('false')
      expect(r.main.log).toContain(
        'An entry with this key exists, but it was saved from other folders',
      )
      expect(r.main.log).toContain(`/home/.cache/zig there, ${elsewhere} here`)
    })

    describe('deploy-only runs of the build run zips', () => {
      /** A runner whose PATH starts with cargo, rustup, zig and cargo-lambda that leave a marker. */
      function deployOnlyRunner(): {
        dirs: RunnerDirs
        marker: string
        env: Record<string, string>
      } {
        // No checkout at all: a deploy job needs only the zips.
        const dirs = freshRunner(undefined)
        dirs.toolCache = path.join(root, `empty-tool-cache-${runs}`)
        fs.mkdirSync(dirs.toolCache, { recursive: true })
        const bin = path.join(root, `trap-bin-${runs}`)
        const marker = path.join(root, `tool-ran-${runs}`)
        fs.mkdirSync(bin, { recursive: true })
        for (const tool of ['cargo', 'rustup', 'rustc', 'zig', 'cargo-lambda']) {
          fs.writeFileSync(
            path.join(bin, tool),
            `#!/bin/sh\necho "${tool} $*" >> '${marker}'\nexit 1\n`,
            { mode: 0o755 },
          )
        }
        return { dirs, marker, env: { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` } }
      }

      /** The build whose zips the deploys take (made here when this test runs alone). */
      async function build(): Promise<ActionRun> {
        const b = await buildRun()
        expect(b.main.exitCode, `the build run failed\n${explain(b)}`).toBe(0)
        return b
      }

      /** A later step of the build job: its zips are where the build left them. */
      function sameJob(b: ActionRun, dirs: RunnerDirs): void {
        fs.cpSync(buildZips(), path.join(dirs.workspace, 'target', 'lambda'), { recursive: true })
        const artifacts = JSON.parse(b.main.outputs.artifacts ?? '[]') as { zipPath: string }[]
        for (const a of artifacts) expect(fs.existsSync(a.zipPath), a.zipPath).toBe(true)
      }

      it('takes the artifacts output: no tool install, cargo never runs, same CodeSha256', async () => {
        const b = await build()
        const { dirs, marker, env } = deployOnlyRunner()
        sameJob(b, dirs)
        const r = await run(
          dirs,
          {
            'from-artifacts': b.main.outputs.artifacts ?? '',
            'function-name': 'echo-json',
            'smoke-test': 'true',
          },
          env,
        )
        expect(r.main.exitCode, explain(r)).toBe(0)
        expect(
          fs.existsSync(marker),
          fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : '',
        ).toBe(false)
        expect(fs.readdirSync(dirs.toolCache)).toEqual([])
        expect(r.main.log).not.toContain('Restoring the cargo cache')
        expect(JSON.parse(r.main.outputs['smoke-result'] ?? '{}')).toMatchObject({
          echo: { status: 'passed' },
        })
        expect(r.main.outputs['code-sha256']).toBe(b.main.outputs['code-sha256'])
        expect(lambda.fn('echo-json').codeSha256).toBe(b.main.outputs['code-sha256'])
        expect(r.main.outputs['deploy-result']).toBe('updated')
        expect(r.post?.exitCode).toBe(0)
      })

      it('takes a downloaded-artifacts folder; a second run makes no write call; production gets the same bytes', async () => {
        const b = await build()
        const uploaded = service.artifacts().filter((a) => a.name === 'echo-x86_64')
        expect(uploaded.length).toBeGreaterThan(0)
        const { dirs, marker, env } = deployOnlyRunner()
        // actions/download-artifact without a name: one subfolder per artifact, its files inside.
        const download = path.join(dirs.workspace, 'artifacts')
        for (const [file, bytes] of await service.artifactFiles('echo-x86_64')) {
          fs.mkdirSync(path.join(download, 'echo-x86_64'), { recursive: true })
          fs.writeFileSync(path.join(download, 'echo-x86_64', file), bytes)
        }
        const inputs = { 'from-artifacts': 'artifacts', 'function-name': 'echo-folder' }
        const r = await run(dirs, inputs, env)
        expect(r.main.exitCode, explain(r)).toBe(0)
        expect(fs.existsSync(marker)).toBe(false)
        expect(fs.readdirSync(dirs.toolCache)).toEqual([])
        expect(lambda.fn('echo-folder').codeSha256).toBe(b.main.outputs['code-sha256'])

        const writes = lambda.writes('echo-folder')
        const again = await run(dirs, inputs, env)
        expect(again.main.exitCode, explain(again)).toBe(0)
        expect(again.main.outputs['deploy-result']).toBe('unchanged')
        expect(lambda.writes('echo-folder')).toBe(writes)
        expect(fs.existsSync(marker)).toBe(false)

        // Staging, then production (the README's workflow): the same bytes reach the second function.
        const prod = await run(dirs, { ...inputs, 'function-name': 'echo-prod' }, env)
        expect(prod.main.exitCode, explain(prod)).toBe(0)
        expect(prod.main.outputs['deploy-result']).toBe('updated')
        expect(lambda.fn('echo-prod').codeSha256).toBe(lambda.fn('echo-folder').codeSha256)
        expect(fs.existsSync(marker)).toBe(false)
      })

      it('refuses a zip whose ELF architecture is not the function architecture, before any write', async () => {
        const b = await build()
        const { dirs, marker, env } = deployOnlyRunner()
        sameJob(b, dirs)
        // The x86_64 zip, claimed as arm64 (as a wrong artifact-name or a hand-edited output would).
        const artifacts = JSON.parse(b.main.outputs.artifacts ?? '[]') as Record<string, unknown>[]
        const lying = artifacts.map((a) => ({ ...a, architecture: 'arm64' }))
        const writes = lambda.writes()
        const r = await run(
          dirs,
          { 'from-artifacts': JSON.stringify(lying), 'function-name': 'echo-arm' },
          env,
        )
        expect(r.main.exitCode).toBe(1)
        const errors = r.main.annotations.filter((a) => a.level === 'error').map((a) => a.message)
        expect(errors.join('\n')).toContain(
          "Function 'echo': the binary is x86-64, but architecture arm64 needs aarch64",
        )
        expect(lambda.writes()).toBe(writes)
        expect(fs.existsSync(marker)).toBe(false)
      })
    })
  },
)

describe('cargo-args with $VAR', { timeout: BUILD_TIMEOUT_MS }, () => {
  it('--target-dir $RUNNER_TEMP/t builds into that folder, and the cache and packaging find it', async () => {
    // A crate without dependencies: this is about the folder, and a cold build of it takes seconds.
    const dirs = freshRunner(path.join(repoRoot, 'test', 'fixtures', 'opt-level-3'))
    const r = await run(dirs, { 'cargo-args': '--target-dir $RUNNER_TEMP/t' })
    expect(r.main.exitCode, explain(r)).toBe(0)
    const target = path.join(dirs.temp, 't')
    const artifacts = JSON.parse(r.main.outputs.artifacts ?? '[]') as { zipPath: string }[]
    expect(artifacts[0]?.zipPath.startsWith(`${target}${path.sep}`)).toBe(true)
    expect(fs.existsSync(path.join(target, 'lambda', 'fast', 'bootstrap.zip'))).toBe(true)
    expect(fs.existsSync(path.join(dirs.workspace, 'target'))).toBe(false)
    expect(r.main.log).toContain(`Paths: `)
    expect(r.main.log).toMatch(new RegExp(`Paths: [^\\n]*${target.replace(/[/.]/g, '\\$&')}`))
    expect(r.main.log).toContain('is under RUNNER_TEMP')
  })

  it('an unset variable fails the step naming cargo-args and the variable', async () => {
    const r = await run(freshRunner(), { 'cargo-args': '--target-dir $NOT_SET_ANYWHERE/t' })
    expect(r.main.exitCode).toBe(1)
    const errors = r.main.annotations.filter((a) => a.level === 'error').map((a) => a.message)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^Input 'cargo-args' .*\$NOT_SET_ANYWHERE, which is not set/)
  })
})
