/**
 * Safe releases through the runner harness: the bundled action (dist/) builds
 * examples/release-checks (two real lambda_runtime functions) with the real cargo-lambda and Zig,
 * and deploys them to the local Lambda emulator, whose Invoke runs the published version's real
 * bootstrap with the version's environment. The example is built once (x86_64, `profile: none`,
 * into a target folder kept under .tmp/ between runs): every later step only re-zips it.
 *
 * The local smoke test is off in these runs: both functions fail it too (the smoke test cannot
 * know GREETING), and what is under test is what happens in "AWS".
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  copyProject,
  makeRunnerDirs,
  repoRoot,
  runStep,
  type RunnerDirs,
  type StepResult,
} from '../../test/support/harness.js'
import { startLambdaEmulator, type LambdaEmulator } from '../../test/support/lambda-emulator.js'
import { startMirror, type Mirror } from '../../test/support/mirror.js'
import { prepareReleases, type PreparedReleases } from '../../test/support/releases.js'

const GREETING = 'Bonjour-distinctive-greeting-5e2b'
const ROLE = 'arn:aws:iam::123456789012:role/release-checks'
let root: string
let dirs: RunnerDirs
let mirror: Mirror
let releases: PreparedReleases
let lambda: LambdaEmulator

/** A function whose alias `live` serves version 1 (some earlier code), with a variable set elsewhere. */
function existing(name: string): void {
  const f = lambda.addFunction({
    name,
    architecture: 'x86_64',
    settings: { environment: { SET_ELSEWHERE: 'kept-by-merge' } },
  })
  f.versions.push({
    version: '1',
    codeSha256: f.codeSha256,
    codeSize: f.codeSize,
    architectures: ['x86_64'],
    revisionId: 'v1',
    zip: f.zip,
    settings: structuredClone(f.settings),
  })
  f.aliases.set('live', { name: 'live', functionVersion: '1', revisionId: 'a1', description: '' })
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-release-it-'))
  releases = await prepareReleases(path.join(root, 'mirror'))
  mirror = await startMirror(path.join(root, 'mirror'))
  lambda = await startLambdaEmulator({
    updateMs: 100,
    createPendingMs: 200,
    invokeTimeoutMs: 20_000,
    lifetimeMs: 60 * 60_000,
  })
  existing('release-panics')
  existing('release-greeter')
  dirs = makeRunnerDirs(path.join(root, 'runner'))
  dirs.toolCache = path.join(repoRoot, '.tmp', 'release-it-tool-cache')
  fs.mkdirSync(dirs.toolCache, { recursive: true })
  copyProject(path.join(repoRoot, 'examples', 'release-checks'), dirs.workspace)
})

afterAll(async () => {
  await lambda.close()
  await mirror.close()
  fs.rmSync(root, { recursive: true, force: true })
})

function step(inputs: Record<string, string>, timeoutMs = 270_000): Promise<StepResult> {
  return runStep('main', {
    dirs,
    inputs: {
      ...releases.inputs(mirror.url),
      architecture: 'x86_64',
      profile: 'none',
      cache: 'false',
      'smoke-test': 'false',
      alias: 'live',
      'verify-event': '{"name":"ferris"}',
      ...inputs,
    },
    env: {
      // Built once, kept between suite runs: the steps after the first only re-zip.
      CARGO_TARGET_DIR: path.join(repoRoot, '.tmp', 'release-checks-target'),
      AWS_ENDPOINT_URL_LAMBDA: lambda.url,
      AWS_ACCESS_KEY_ID: 'AKIARELEASEIT',
      AWS_SECRET_ACCESS_KEY: 'release-it-aws-secret',
      AWS_REGION: lambda.region,
      AWS_CONFIG_FILE: path.join(root, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(root, 'no-aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    timeoutMs,
  })
}

function explain(r: StepResult): string {
  return `exit ${r.exitCode}\n${r.log.slice(-6000)}`
}

const deployments = (r: StepResult): Record<string, Record<string, unknown>> =>
  JSON.parse(r.outputs.deployments ?? '{}') as Record<string, Record<string, unknown>>

/** Nothing of the greeting anywhere a user or a later step can read it. */
function expectNoGreeting(r: StepResult): void {
  expect(
    r.log.split('\n').filter((l) => l.includes(GREETING) && !l.startsWith('::add-mask::')),
  ).toEqual([])
  expect(r.summary).not.toContain(GREETING)
  expect(JSON.stringify(r.outputs)).not.toContain(GREETING)
}

describe('safe releases through the bundled action', () => {
  it('new code that panics, and code missing a variable: versions published, verification fails, aliases stay, step fails', async () => {
    const r = await step(
      { functions: 'panics=release-panics\ngreeter=release-greeter' },
      // The one cold build of the example (lambda_runtime, tokio, hyper) on a shared machine.
      1_100_000,
    )
    expect(r.exitCode, explain(r)).toBe(1)
    for (const name of ['release-panics', 'release-greeter']) {
      const f = lambda.fn(name)
      expect(f.versions.map((v) => v.version)).toEqual(['1', '2'])
      expect(f.aliases.get('live')?.functionVersion).toBe('1')
      expect(f.invocations.map((i) => [i.qualifier, i.functionError])).toEqual([['2', 'Unhandled']])
      expect(lambda.calls(name).UpdateAlias).toBe(0)
    }
    const d = deployments(r)
    expect(d['release-panics']).toMatchObject({
      result: 'failed',
      version: '2',
      verification: { status: 'failed' },
    })
    expect(d['release-greeter']).toMatchObject({ result: 'failed', version: '2' })
    const errors = r.annotations.filter((a) => a.level === 'error')
    expect(errors).toHaveLength(1)
    const message = errors[0]?.message ?? ''
    expect(message).toContain('2 of 2 functions failed to deploy')
    // The panic, quoted from the function's own error report and log.
    expect(message).toMatch(
      /release-panics: verification of version 2 failed: the function returned an error \(Unhandled\): .*index out of bounds/,
    )
    expect(message).toContain('The alias live was not moved.')
    expect(message).toContain('Log tail:')
    expect(message).toContain('the GREETING environment variable is not set')
    expect(r.summary).toContain('❌ failed')
    // No stack trace of ours.
    expect(r.log).not.toMatch(/\n\s+at .*\.js:\d+/)
  }, 1_200_000)

  it('with `environment` set the function passes and the alias moves; the same inputs again write nothing', async () => {
    const inputs = {
      functions: 'greeter=release-greeter',
      environment: `GREETING=${GREETING}`,
      'verify-response': 'ferris!',
    }
    const r = await step(inputs)
    expect(r.exitCode, explain(r)).toBe(0)
    const f = lambda.fn('release-greeter')
    expect(f.aliases.get('live')?.functionVersion).toBe('3')
    expect(f.settings.environment).toEqual({ SET_ELSEWHERE: 'kept-by-merge', GREETING })
    expect(lambda.calls('release-greeter').UpdateFunctionConfiguration).toBe(1)
    const d = deployments(r)['release-greeter']
    expect(d).toMatchObject({
      result: 'updated',
      version: '3',
      alias: 'live',
      configured: ['environment: set GREETING'],
      verification: { status: 'passed', response: '{"message":"***, ferris!"}' },
    })
    expect(r.summary).toMatch(/✅ passed in [\d.]+ m?s/)
    expectNoGreeting(r)

    const writes = lambda.writes('release-greeter')
    const same = await step({ ...inputs, 'memory-size': '128' })
    expect(same.exitCode, explain(same)).toBe(0)
    expect(deployments(same)['release-greeter']).toMatchObject({
      result: 'unchanged',
      version: '3',
    })
    expect(lambda.writes('release-greeter')).toBe(writes)
    expect(lambda.calls('release-greeter').UpdateFunctionConfiguration).toBe(1)
    expectNoGreeting(same)
  }, 600_000)

  it('alias-weight 0.1 routes a tenth to the new version; promote makes it primary, builds nothing and writes no code', async () => {
    const r = await step({
      functions: 'greeter=release-greeter',
      environment: `GREETING=${GREETING}`,
      description: 'canary build',
      'alias-weight': '0.1',
    })
    expect(r.exitCode, explain(r)).toBe(0)
    const f = lambda.fn('release-greeter')
    expect(f.aliases.get('live')).toMatchObject({ functionVersion: '3', weights: { '4': 0.1 } })
    // One changed value: exactly one configuration write, and the variable set elsewhere survives.
    expect(lambda.calls('release-greeter').UpdateFunctionConfiguration).toBe(2)
    expect(f.settings.environment.SET_ELSEWHERE).toBe('kept-by-merge')
    expect(deployments(r)['release-greeter']).toMatchObject({ version: '4', weight: 0.1 })

    const code = lambda.calls('release-greeter').UpdateFunctionCode
    const promoted = await step({
      functions: 'greeter=release-greeter',
      promote: 'true',
      'verify-event': '',
    })
    expect(promoted.exitCode, explain(promoted)).toBe(0)
    expect(f.aliases.get('live')).toMatchObject({ functionVersion: '4', weights: {} })
    expect(lambda.calls('release-greeter').UpdateFunctionCode).toBe(code)
    expect(deployments(promoted)['release-greeter']).toMatchObject({
      result: 'updated',
      version: '4',
    })
    // Nothing was installed or built: the only group is the promotion.
    expect(promoted.log.split('\n').filter((l) => l.startsWith('::group::'))).toEqual([
      '::group::Promote alias live of 1 function',
    ])
  }, 600_000)

  it('create-function creates a missing function with the given settings; a second identical run writes nothing; without role-arn it fails before any AWS call', async () => {
    const inputs = {
      'function-name': 'release-created',
      binaries: 'greeter',
      'create-function': 'true',
      'role-arn': ROLE,
      'memory-size': '256',
      environment: `GREETING=${GREETING}`,
      description: 'created by rust-lambda-action',
    }
    const r = await step(inputs)
    expect(r.exitCode, explain(r)).toBe(0)
    const f = lambda.fn('release-created')
    expect(f.settings).toMatchObject({
      role: ROLE,
      runtime: 'provided.al2023',
      handler: 'bootstrap',
      memorySize: 256,
      timeout: 30,
      description: 'created by rust-lambda-action',
      environment: { GREETING },
    })
    expect(f.architectures).toEqual(['x86_64'])
    expect(f.aliases.get('live')?.functionVersion).toBe('1')
    expect(deployments(r)['release-created']).toMatchObject({
      result: 'updated',
      created: true,
      version: '1',
      verification: { status: 'passed' },
    })
    expectNoGreeting(r)

    const writes = lambda.writes('release-created')
    const again = await step(inputs)
    expect(again.exitCode, explain(again)).toBe(0)
    expect(again.outputs['deploy-result']).toBe('unchanged')
    expect(lambda.writes('release-created')).toBe(writes)

    const calls = lambda.requests.length
    const withoutRole = Object.fromEntries(Object.entries(inputs).filter(([k]) => k !== 'role-arn'))
    const refused = await step({ ...withoutRole, 'function-name': 'release-refused' })
    expect(refused.exitCode).toBe(1)
    const errors = refused.annotations.filter((a) => a.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.message).toContain("'create-function'")
    expect(errors[0]?.message).toContain("'role-arn'")
    expect(lambda.requests.length).toBe(calls)
  }, 600_000)
})
