/**
 * The smoke test through the bundled action (dist/) and the runner harness: the real cargo-lambda
 * 1.9.2 and Zig 0.15.2 from a local mirror (test/support/releases.ts), arm64 binaries under the real qemu-aarch64-static,
 * the action's own Lambda Runtime API, and the local Lambda emulator as the deploy target: a
 * function that fails its smoke test must never reach UpdateFunctionCode.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SmokeResults } from '../../src/types.js'
import { copyProject, repoRoot, type StepResult } from '../../test/support/harness.js'
import { startLambdaEmulator, type LambdaEmulator } from '../../test/support/lambda-emulator.js'
import { startMirror, type Mirror } from '../../test/support/mirror.js'
import { prepareReleases, type PreparedReleases } from '../../test/support/releases.js'
import {
  BUILD_TIMEOUT_MS,
  prepareSharedRunner,
  runSharedBuild,
  sharedRunnerDirs,
} from '../../test/support/shared-runner.js'
import { smokeFixtureDir } from '../../test/support/smoke-fixtures.js'

const hello = path.join(repoRoot, 'examples', 'hello')
const FIXTURE_BINS = [
  'echo',
  'panic-at-start',
  'invocation-error',
  'never-answers',
  'init-error',
] as const

let root: string
let releases: PreparedReleases
let mirror: Mirror
let lambda: LambdaEmulator

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-smoke-'))
  releases = await prepareReleases(path.join(root, 'mirror'))
  mirror = await startMirror(path.join(root, 'mirror'), { timeoutMs: 4 * BUILD_TIMEOUT_MS })
  lambda = await startLambdaEmulator({ updateMs: 50, lifetimeMs: 4 * BUILD_TIMEOUT_MS })
  // The shared warm runner (test/support/shared-runner.ts): each project is compiled once, in
  // the target folder its runs share, then only re-linked.
  await prepareSharedRunner(releases.inputs(mirror.url))
  lambda.addFunction({ name: 'hello-fn', architecture: 'arm64' })
  for (const bin of FIXTURE_BINS) lambda.addFunction({ name: `fn-${bin}`, architecture: 'arm64' })
  lambda.addFunction({ name: 'fn-glibc', architecture: 'arm64' })
}, BUILD_TIMEOUT_MS)
afterAll(async () => {
  await mirror?.close()
  await lambda?.close()
  if (root) fs.rmSync(root, { recursive: true, force: true })
})

async function action(
  project: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<StepResult> {
  const dirs = sharedRunnerDirs(fs.mkdtempSync(path.join(root, 'run-')))
  copyProject(project, dirs.workspace)
  return runSharedBuild(project, {
    inputs: {
      ...releases.inputs(mirror.url),
      cache: 'false',
      'upload-artifact': 'false',
      architecture: 'arm64',
      'rust-toolchain': 'debian',
      'aws-region': lambda.region,
      ...inputs,
    },
    env: {
      AWS_ENDPOINT_URL_LAMBDA: lambda.url,
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      ...env,
    },
    dirs,
    timeoutMs: BUILD_TIMEOUT_MS - 30_000,
  })
}

function smokeResult(r: StepResult): SmokeResults {
  return JSON.parse(r.outputs['smoke-result'] ?? '{}') as SmokeResults
}

const errors = (r: StepResult): string[] =>
  r.annotations.filter((a) => a.level === 'error').map((a) => a.message)

// Each test runs the whole action (tools from the mirror, a real build, qemu): minutes, not seconds.
describe('smoke test through the action', { timeout: BUILD_TIMEOUT_MS }, () => {
  it('passes the arm64 example under qemu, shows its response, and then deploys it', async () => {
    const r = await action(hello, {
      'function-name': 'hello-fn',
      'smoke-event': '{"name":"ferris"}',
    })
    expect(r.exitCode, r.log).toBe(0)
    const result = smokeResult(r)
    const [bin] = Object.keys(result)
    const outcome = result[bin as string]
    expect(outcome).toMatchObject({ status: 'passed', via: 'qemu-aarch64-static' })
    expect(outcome?.response).toBeTruthy()
    expect(outcome?.startupMs).toBeGreaterThan(0)
    expect(r.summary).toContain('### Smoke test')
    expect(r.summary).toContain(`| ${bin} | ✅ passed |`)
    expect(r.summary).toContain(`\`${outcome?.response}\``)
    expect(lambda.calls('hello-fn').UpdateFunctionCode).toBe(1)
  })

  it('stops functions that panic at start, post an init or invocation error or never answer, before any deploy', async () => {
    const r = await action(smokeFixtureDir, {
      functions: FIXTURE_BINS.map((b) => `${b}=fn-${b}`).join('\n'),
      'smoke-timeout': '3',
    })
    expect(r.exitCode).toBe(1)
    const result = smokeResult(r)
    expect(result.echo?.status).toBe('passed')
    // The size profile sets panic = "abort": the panic ends in SIGABRT (under qemu too).
    expect(result['panic-at-start']?.reason).toMatch(
      /^was ended by SIGABRT before answering the event: thread 'main' \(\d+\) panicked at src\/bin\/panic-at-start\.rs:\d+:\d+:\nDATABASE_URL must be set: NotPresent$/,
    )
    expect(result['invocation-error']?.reason).toBe(
      'invocation error: ValidationError: field `name` is required',
    )
    expect(result['never-answers']?.reason).toMatch(
      /^timed out: took the event after \d+ ms but did not answer within 3 s \(smoke-timeout\)$/,
    )
    expect(result['init-error']?.reason).toBe(
      'init error: Runtime.InitError: could not load the model: file not found',
    )
    const [error] = errors(r)
    expect(error).toMatch(
      /^Smoke test failed for 4 functions, so nothing was deployed or uploaded:\n/,
    )
    expect(error).toContain('- invocation-error: invocation error: ValidationError')
    expect(r.summary).toContain('| never-answers | ❌ failed |')
    // Nothing reached Lambda: not even the function that passed.
    for (const bin of FIXTURE_BINS) expect(lambda.writes(`fn-${bin}`)).toBe(0)
    // The hang was cut at smoke-timeout, not at the step's bound (the run itself may include the
    // suite's cold build of the fixtures, so its wall time says nothing).
    expect(result['never-answers']?.ms ?? Infinity).toBeLessThan(60_000)
  })

  it('stops a binary linked for a newer glibc than the runtime has', async () => {
    const r = await action(smokeFixtureDir, {
      binaries: 'echo',
      'function-name': 'fn-glibc',
      runtime: 'provided.al2',
      target: 'aarch64-unknown-linux-gnu.2.34',
    })
    expect(r.exitCode).toBe(1)
    expect(errors(r).join('\n')).toMatch(/GLIBC_2\.34 not found/)
    expect(lambda.writes('fn-glibc')).toBe(0)
  })
})
