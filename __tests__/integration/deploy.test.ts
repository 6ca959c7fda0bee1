/**
 * Deploy through the bundled action (dist/), run as the GitHub runner runs it: the tools come
 * from the local mirror (the real cargo-lambda 1.9.2 and Zig 0.15.2: see test/support/releases.ts),
 * the example (real crates) is really built, zipped and smoke-tested, and the real @aws-sdk/client-lambda updates a
 * function in the local Lambda emulator through AWS_ENDPOINT_URL_LAMBDA with dummy credentials.
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  copyProject,
  repoRoot,
  type RunnerDirs,
  type StepResult,
} from '../../test/support/harness.js'
import { startLambdaEmulator, type LambdaEmulator } from '../../test/support/lambda-emulator.js'
import { startMirror, type Mirror } from '../../test/support/mirror.js'
import { prepareReleases, type PreparedReleases } from '../../test/support/releases.js'
import {
  BUILD_TIMEOUT_MS,
  prepareSharedRunner,
  runSharedBuild,
  sharedRunnerDirs,
} from '../../test/support/shared-runner.js'

const SECRET = 'integration-test-secret-value-0123456789'
let root: string
let dirs: RunnerDirs
let mirror: Mirror
let releases: PreparedReleases
let lambda: LambdaEmulator

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-deploy-it-'))
  releases = await prepareReleases(path.join(root, 'mirror'))
  mirror = await startMirror(path.join(root, 'mirror'), { timeoutMs: 3 * BUILD_TIMEOUT_MS })
  // Alive for the whole file: four action runs (one a cold build) on a loaded machine.
  lambda = await startLambdaEmulator({ updateMs: 200, lifetimeMs: 3 * BUILD_TIMEOUT_MS })
  lambda.addFunction({ name: 'hello-fn', architecture: 'x86_64' })
  lambda.addFunction({ name: 'rerun-fn', architecture: 'x86_64' })
  // The shared warm runner (test/support/shared-runner.ts): this file is about deploying, so it
  // builds examples/hello in the target folder every hello run shares, and re-links at most.
  await prepareSharedRunner(releases.inputs(mirror.url))
  dirs = sharedRunnerDirs(path.join(root, 'runner'))
  copyProject(path.join(repoRoot, 'examples', 'hello'), dirs.workspace)
}, BUILD_TIMEOUT_MS)

afterAll(async () => {
  await lambda.close()
  await mirror.close()
  fs.rmSync(root, { recursive: true, force: true })
})

function deploy(inputs: Record<string, string>): Promise<StepResult> {
  return runSharedBuild(path.join(repoRoot, 'examples', 'hello'), {
    dirs,
    inputs: {
      ...releases.inputs(mirror.url),
      architecture: 'x86_64',
      cache: 'false',
      'function-name': 'hello-fn',
      alias: 'live',
      ...inputs,
    },
    env: {
      AWS_ENDPOINT_URL_LAMBDA: lambda.url,
      AWS_ACCESS_KEY_ID: 'AKIAINTEGRATIONTEST',
      AWS_SECRET_ACCESS_KEY: SECRET,
      AWS_REGION: lambda.region,
      AWS_CONFIG_FILE: path.join(root, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(root, 'no-aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    timeoutMs: BUILD_TIMEOUT_MS - 30_000,
  })
}

function explain(r: StepResult): string {
  return `exit ${r.exitCode}\n${r.log.slice(-4000)}`
}

// Each test stands alone: the first to run pays the cold build, later ones find the target warm.
describe('deploy through the bundled action', { timeout: BUILD_TIMEOUT_MS }, () => {
  it('first run updates the code, publishes version 1 and creates the alias', async () => {
    const r = await deploy({})
    expect(r.exitCode, explain(r)).toBe(0)
    const fn = lambda.fn('hello-fn')
    expect(r.outputs['deploy-result']).toBe('updated')
    expect(r.outputs['code-sha256']).toBe(fn.codeSha256)
    expect(r.outputs.version).toBe('1')
    expect(r.outputs['function-arn']).toBe(fn.arn)
    expect(JSON.parse(r.outputs.deployments ?? '{}')).toEqual({
      'hello-fn': {
        result: 'updated',
        version: '1',
        codeSha256: fn.codeSha256,
        arn: fn.arn,
        alias: 'live',
      },
    })
    expect(fn.aliases.get('live')?.functionVersion).toBe('1')
    expect(fn.architectures).toEqual(['x86_64'])
    expect(r.summary).toContain('### Deploy')
    expect(r.summary).toContain(`| \`hello-fn\` | ✅ updated | 1 | live | \`${fn.codeSha256}\` |`)
    // The secret is handed to the runner's masking, and printed nowhere else.
    const mentions = r.log.split('\n').filter((l) => l.includes(SECRET))
    expect(mentions).toEqual([`::add-mask::${SECRET}`])
    expect(lambda.requests.every((q) => q.accessKeyId === 'AKIAINTEGRATIONTEST')).toBe(true)
  })

  it('a second run of the same source reports unchanged and makes no write call', async () => {
    const first = await deploy({ 'function-name': 'rerun-fn' })
    expect(first.exitCode, explain(first)).toBe(0)
    expect(first.outputs['deploy-result']).toBe('updated')
    const writes = lambda.writes('rerun-fn')
    const r = await deploy({ 'function-name': 'rerun-fn' })
    expect(r.exitCode, explain(r)).toBe(0)
    expect(r.outputs['deploy-result']).toBe('unchanged')
    expect(r.outputs.version).toBe('1')
    expect(r.outputs['code-sha256']).toBe(first.outputs['code-sha256'])
    expect(lambda.writes('rerun-fn')).toBe(writes)
  })

  it('a missing function fails the step naming the function, region and account', async () => {
    const r = await deploy({ 'function-name': 'no-such-fn' })
    expect(r.exitCode).toBe(1)
    const errors = r.annotations.filter((a) => a.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.message).toContain(
      "Lambda function 'no-such-fn' was not found in region us-east-1, account 123456789012.",
    )
    expect(r.outputs['deploy-result']).toBe('failed')
    expect(r.summary).toContain('❌ failed')
    expect(r.log).not.toMatch(/\n\s+at .*\.js:\d+/)
  })
})
