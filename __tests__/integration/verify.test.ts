/**
 * Verification before the alias moves, for real: the smoke fixtures (std-only Lambda runtimes,
 * built once per suite run by test/support/smoke-fixtures.ts) are deployed to the local Lambda
 * emulator, whose Invoke runs the published version's real `bootstrap` against a Runtime API with
 * the version's environment. A handler error, a panic or a missing variable fails the
 * verification because the process really fails.
 */
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultDeps, deployFunctions } from '../../src/publish/deploy.js'
import { outputsFor } from '../../src/report/outputs.js'
import { renderDeploy } from '../../src/report/deploy.js'
import type { Artifact, DeployConfig } from '../../src/types.js'
import { deployConfig } from '../../test/support/deploy-config.js'
import { BUILD_TIMEOUT_MS } from '../../test/support/shared-runner.js'
import { startLambdaEmulator, type LambdaEmulator } from '../../test/support/lambda-emulator.js'
import {
  buildSmokeFixtures,
  zipArtifact,
  type SmokeFixtureBin,
} from '../../test/support/smoke-fixtures.js'

const SECRET = 'postgres://verify:distinctive-secret-9c1e@db/app'
let lambda: LambdaEmulator
let dir: string
let bins: string
const savedEnv = { ...process.env }

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-verify-'))
  bins = await buildSmokeFixtures('x86_64')
  lambda = await startLambdaEmulator({ updateMs: 30, invokeTimeoutMs: 10_000 })
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    AWS_ACCESS_KEY_ID: 'AKIAVERIFYTEST',
    AWS_SECRET_ACCESS_KEY: 'verify-test-aws-secret',
    AWS_REGION: lambda.region,
    AWS_CONFIG_FILE: path.join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  })
}, BUILD_TIMEOUT_MS) // the smoke fixtures' cold build (real crates) when no earlier file did it

afterAll(async () => {
  process.env = savedEnv
  await lambda?.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

let n = 0
async function fixture(bin: SmokeFixtureBin): Promise<Artifact> {
  const a = await zipArtifact(path.join(bins, bin), path.join(dir, `${++n}-${bin}.zip`), {
    bin: 'fn',
    architecture: 'x86_64',
  })
  const digest = createHash('sha256').update(fs.readFileSync(a.zipPath)).digest()
  return { ...a, sha256: digest.toString('hex'), codeSha256: digest.toString('base64') }
}

/** A function whose alias `live` serves version 1 holding the `echo` fixture. */
async function liveFunction(name: string): Promise<void> {
  const echo = await fixture('echo')
  lambda.addFunction({ name, architecture: 'x86_64', zip: fs.readFileSync(echo.zipPath) })
  const [o] = await deployFunctions(
    deployConfig({ functionName: name, alias: 'live', publish: true }),
    [echo],
    {},
    deps().deps,
  )
  expect(o?.version).toBe('1')
}

function deps() {
  const lines: string[] = []
  return {
    lines,
    deps: defaultDeps({
      sleep: () => Promise.resolve(),
      waiter: { minDelay: 0.01, maxDelay: 0.05, maxWaitTime: 5 },
      info: (l) => lines.push(l),
      notice: (l) => lines.push(`NOTICE ${l}`),
    }),
  }
}

async function deploy(cfg: Partial<DeployConfig>, artifact: Artifact) {
  const d = deps()
  const [outcome] = await deployFunctions(
    deployConfig({ alias: 'live', publish: true, ...cfg }),
    [artifact],
    {},
    d.deps,
  )
  if (outcome === undefined) throw new Error('no outcome')
  return { outcome, log: d.lines.join('\n') }
}

describe('verify-event', () => {
  it('a handler error: version 2 is published, the alias stays on 1, the error and the log tail are quoted', async () => {
    await liveFunction('verify-error')
    const { outcome, log } = await deploy(
      { functionName: 'verify-error', verify: { event: '{"name":"x"}', response: undefined } },
      await fixture('invocation-error'),
    )
    const f = lambda.fn('verify-error')
    expect(f.versions.map((v) => v.version)).toEqual(['1', '2'])
    expect(f.aliases.get('live')?.functionVersion).toBe('1')
    expect(f.invocations.map((i) => [i.qualifier, i.functionError])).toEqual([['2', 'Unhandled']])
    expect(outcome).toMatchObject({
      result: 'failed',
      version: '2',
      verification: { status: 'failed' },
    })
    expect(outcome.error).toContain(
      'verification of version 2 failed: the function returned an error (Unhandled): ValidationError: field `name` is required. The alias live was not moved.',
    )
    expect(outcome.error).toMatch(/Log tail:\nSTART RequestId: \S+ Version: 2\n/)
    expect(outcome.error).toContain('REPORT RequestId:')
    expect(log).toContain('verify-error: Log tail:')
    expect(lambda.calls('verify-error').UpdateAlias).toBe(0)
  })

  it('a function that needs a variable panics without it; with `environment` set it passes and the alias moves', async () => {
    await liveFunction('verify-env')
    const needsEnv = await fixture('panic-at-start')
    const missing = await deploy(
      { functionName: 'verify-env', verify: { event: '{}', response: undefined } },
      needsEnv,
    )
    expect(missing.outcome).toMatchObject({ result: 'failed', version: '2' })
    expect(missing.outcome.error).toContain(
      'the function returned an error (Unhandled): Runtime.ExitError: RequestId:',
    )
    expect(missing.outcome.error).toContain('Runtime exited with error: exit status 101')
    // The panic message, from the function's own stderr, in the quoted log tail.
    expect(missing.outcome.error).toContain('DATABASE_URL must be set')
    expect(lambda.fn('verify-env').aliases.get('live')?.functionVersion).toBe('1')

    const set = await deploy(
      {
        functionName: 'verify-env',
        verify: { event: '{}', response: '{}' },
        configuration: { environment: { variables: { DATABASE_URL: SECRET }, mode: 'merge' } },
      },
      needsEnv,
    )
    expect(set.outcome).toMatchObject({
      result: 'updated',
      version: '3',
      alias: 'live',
      configured: ['environment: set DATABASE_URL'],
      verification: { status: 'passed', response: '{}' },
    })
    expect(lambda.fn('verify-env').aliases.get('live')?.functionVersion).toBe('3')
    expect(lambda.calls('verify-env').UpdateFunctionConfiguration).toBe(1)
    const everything = [
      missing.log,
      set.log,
      JSON.stringify(outputsFor({ startedAt: 0, deployments: [missing.outcome, set.outcome] })),
      renderDeploy([missing.outcome, set.outcome]),
    ].join('\n')
    expect(everything).not.toContain(SECRET)
    expect(everything).toContain('DATABASE_URL')
  })

  it('verify-response: an answer without the text fails; with it, passes and shows the first 200 characters', async () => {
    await liveFunction('verify-response')
    const echo = await fixture('echo')
    const event = JSON.stringify({ pad: 'p'.repeat(300), name: 'ferris' })
    const checked = await deploy(
      {
        functionName: 'verify-response',
        verify: { event, response: 'nobody' },
        configuration: { description: 'v2' },
      },
      echo,
    )
    expect(checked.outcome).toMatchObject({ result: 'failed', version: '2' })
    expect(checked.outcome.error).toContain(`does not contain the 'verify-response' text "nobody"`)
    const passed = await deploy(
      {
        functionName: 'verify-response',
        verify: { event, response: '"name":"ferris"' },
        configuration: { description: 'v2' },
      },
      echo,
    )
    expect(passed.outcome).toMatchObject({ result: 'updated', version: '2', alias: 'live' })
    expect(passed.outcome.verification?.response).toHaveLength(200)
    expect(passed.outcome.verification?.response.startsWith('{"function":"verify-response"')).toBe(
      true,
    )
    expect(renderDeploy([passed.outcome])).toMatch(/✅ passed in [\d.]+ m?s: `\{"function"/)
  })
})
