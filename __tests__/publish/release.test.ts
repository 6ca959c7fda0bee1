/**
 * Safe releases in-process against the local Lambda emulator, with the real @aws-sdk client:
 * creating a missing function, configuration writes (at most one, none when nothing differs),
 * canary weights and promotion. Verification, which runs a real bootstrap, is in
 * __tests__/integration/verify.test.ts.
 */
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultDeps, deployFunctions, type DeployDeps } from '../../src/publish/deploy.js'
import { promoteFunctions } from '../../src/publish/promote.js'
import { outputsFor } from '../../src/report/outputs.js'
import { renderDeploy } from '../../src/report/deploy.js'
import type { Artifact, DeployConfig } from '../../src/types.js'
import { deployConfig } from '../../test/support/deploy-config.js'
import { startLambdaEmulator, type LambdaEmulator } from '../../test/support/lambda-emulator.js'
import { makeZipArtifact } from '../../test/support/zips.js'

const ROLE = 'arn:aws:iam::123456789012:role/lambda-exec'
const SECRET = 'release-test-distinctive-secret-7f3a'
let lambda: LambdaEmulator
let dir: string
const savedEnv = { ...process.env }

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-release-'))
  lambda = await startLambdaEmulator({ updateMs: 40, createPendingMs: 60 })
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    AWS_ACCESS_KEY_ID: 'AKIARELEASETEST',
    AWS_SECRET_ACCESS_KEY: 'release-test-aws-secret',
    AWS_REGION: lambda.region,
    AWS_CONFIG_FILE: path.join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  })
})

afterAll(async () => {
  process.env = savedEnv
  await lambda.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

function testDeps(): { deps: DeployDeps; lines: string[] } {
  const lines: string[] = []
  const deps = defaultDeps({
    sleep: () => Promise.resolve(),
    random: () => 0.5,
    waiter: { minDelay: 0.01, maxDelay: 0.05, maxWaitTime: 5 },
    info: (l) => lines.push(l),
    notice: (l) => lines.push(`NOTICE ${l}`),
  })
  return { deps, lines }
}

let counter = 0
function zip(bin = 'api'): Promise<Artifact> {
  return makeZipArtifact(path.join(dir, `z${++counter}`), bin, randomBytes(1024), 'x86_64')
}

async function deploy(cfg: Partial<DeployConfig>, artifact: Artifact) {
  const run = testDeps()
  const outcomes = await deployFunctions(deployConfig(cfg), [artifact], {}, run.deps)
  return { outcome: outcomes[0], lines: run.lines }
}

describe('create-function', () => {
  it('creates a missing function with the given settings, deploys it, and a second run writes nothing', async () => {
    const artifact = await zip()
    const cfg: Partial<DeployConfig> = {
      functionName: 'brand-new',
      alias: 'live',
      publish: true,
      create: { roleArn: ROLE, runtime: 'provided.al2', memorySize: 256, timeout: 30 },
      configuration: {
        memorySize: 256,
        description: 'made by the action',
        environment: { variables: { TOKEN: SECRET, LEVEL: 'info' }, mode: 'merge' },
      },
    }
    const first = await deploy(cfg, artifact)
    expect(first.outcome).toMatchObject({
      result: 'updated',
      created: true,
      version: '1',
      alias: 'live',
    })
    const f = lambda.fn('brand-new')
    expect(f.state).toBe('Active')
    expect(f.architectures).toEqual(['x86_64'])
    expect(f.codeSha256).toBe(artifact.codeSha256)
    expect(f.settings).toMatchObject({
      role: ROLE,
      runtime: 'provided.al2',
      handler: 'bootstrap',
      memorySize: 256,
      timeout: 30,
      description: 'made by the action',
      environment: { TOKEN: SECRET, LEVEL: 'info' },
    })
    expect(f.aliases.get('live')?.functionVersion).toBe('1')
    expect(lambda.calls('brand-new')).toMatchObject({
      CreateFunction: 1,
      UpdateFunctionCode: 0,
      UpdateFunctionConfiguration: 0,
      PublishVersion: 1,
      CreateAlias: 1,
    })
    expect(first.lines.join('\n')).toContain('environment LEVEL, TOKEN')

    const writes = lambda.writes('brand-new')
    const second = await deploy(cfg, artifact)
    expect(second.outcome).toMatchObject({ result: 'unchanged', version: '1', alias: 'live' })
    expect(second.outcome?.created).toBeUndefined()
    expect(lambda.writes('brand-new')).toBe(writes)
    for (const line of [...first.lines, ...second.lines]) expect(line).not.toContain(SECRET)
  })

  it('without create-function a missing function is an error that says how to create it', async () => {
    const { outcome } = await deploy({ functionName: 'never-made' }, await zip())
    expect(outcome?.result).toBe('failed')
    expect(outcome?.error).toContain("set 'create-function: true' and 'role-arn'")
    expect(lambda.calls('never-made').CreateFunction).toBe(0)
  })
})

describe('configuration when asked', () => {
  it('the same values make 0 configuration writes; a changed value makes exactly 1, and keys not named survive', async () => {
    const artifact = await zip()
    const f = lambda.addFunction({
      name: 'configured',
      architecture: 'x86_64',
      zip: fs.readFileSync(artifact.zipPath),
      settings: { memorySize: 512, environment: { SET_ELSEWHERE: 'kept-by-merge', LEVEL: 'info' } },
    })
    const same = await deploy(
      {
        functionName: 'configured',
        configuration: {
          memorySize: 512,
          environment: { variables: { LEVEL: 'info' }, mode: 'merge' },
        },
      },
      artifact,
    )
    expect(same.outcome?.result).toBe('unchanged')
    expect(lambda.writes('configured')).toBe(0)
    expect(lambda.calls('configured').GetFunction).toBe(1)

    const changed = await deploy(
      {
        functionName: 'configured',
        configuration: {
          memorySize: 1024,
          timeout: 60,
          environment: { variables: { LEVEL: 'debug', TOKEN: SECRET }, mode: 'merge' },
        },
      },
      artifact,
    )
    expect(changed.outcome).toMatchObject({
      result: 'updated',
      configured: [
        'memory-size 512 -> 1024 MB',
        'timeout 3 -> 60 s',
        'environment: set LEVEL, TOKEN',
      ],
    })
    expect(lambda.calls('configured')).toMatchObject({
      UpdateFunctionConfiguration: 1,
      UpdateFunctionCode: 0,
    })
    expect(f.settings.memorySize).toBe(1024)
    expect(f.settings.environment).toEqual({
      SET_ELSEWHERE: 'kept-by-merge',
      LEVEL: 'debug',
      TOKEN: SECRET,
    })
    expect(changed.lines.join('\n')).not.toContain(SECRET)
  })

  it('a code change and a configuration change are one code write and one configuration write, then one version', async () => {
    const f = lambda.addFunction({ name: 'code-and-config', architecture: 'x86_64' })
    const { outcome } = await deploy(
      {
        functionName: 'code-and-config',
        alias: 'live',
        publish: true,
        configuration: {
          description: 'v2',
          environment: { variables: { ONLY: 'this' }, mode: 'replace' },
        },
      },
      await zip(),
    )
    expect(outcome).toMatchObject({ result: 'updated', version: '1' })
    expect(lambda.calls('code-and-config')).toMatchObject({
      UpdateFunctionCode: 1,
      UpdateFunctionConfiguration: 1,
      PublishVersion: 1,
    })
    expect(f.versions[0]?.settings).toMatchObject({
      description: 'v2',
      environment: { ONLY: 'this' },
    })
  })

  it('a configuration-only change publishes a new version and moves the alias', async () => {
    const artifact = await zip()
    const first = await deploy(
      {
        functionName: 'config-only',
        alias: 'live',
        publish: true,
        create: { roleArn: ROLE, runtime: 'provided.al2023', memorySize: 128, timeout: 30 },
      },
      artifact,
    )
    expect(first.outcome?.version).toBe('1')
    const { outcome } = await deploy(
      { functionName: 'config-only', alias: 'live', publish: true, configuration: { timeout: 45 } },
      artifact,
    )
    expect(outcome).toMatchObject({ result: 'updated', version: '2', alias: 'live' })
    expect(lambda.fn('config-only').aliases.get('live')?.functionVersion).toBe('2')
    expect(lambda.fn('config-only').versions[1]?.settings.timeout).toBe(45)
  })
})

describe('canary weights and promotion', () => {
  it('alias-weight 0.1 keeps the alias on the old version with the new one at 0.1; promote makes it primary with no routing and no code write', async () => {
    const old = await zip()
    const f = lambda.addFunction({
      name: 'canary',
      architecture: 'x86_64',
      zip: fs.readFileSync(old.zipPath),
    })
    await deploy({ functionName: 'canary', alias: 'live', publish: true }, old)
    expect(f.aliases.get('live')?.functionVersion).toBe('1')

    const next = await zip()
    const canary = await deploy(
      { functionName: 'canary', alias: 'live', publish: true, aliasWeight: 0.1 },
      next,
    )
    expect(canary.outcome).toMatchObject({
      result: 'updated',
      version: '2',
      alias: 'live',
      weight: 0.1,
    })
    expect(f.aliases.get('live')).toMatchObject({ functionVersion: '1', weights: { '2': 0.1 } })

    // The same canary again: nothing to do, and nothing written.
    const writes = lambda.writes('canary')
    const again = await deploy(
      { functionName: 'canary', alias: 'live', publish: true, aliasWeight: 0.1 },
      next,
    )
    expect(again.outcome).toMatchObject({ result: 'unchanged', version: '2', weight: 0.1 })
    expect(lambda.writes('canary')).toBe(writes)

    const code = lambda.calls('canary').UpdateFunctionCode
    const run = testDeps()
    const [promoted] = await promoteFunctions(
      deployConfig({ functionName: 'canary', alias: 'live', publish: true, promote: true }),
      run.deps,
    )
    expect(promoted).toMatchObject({
      result: 'updated',
      version: '2',
      alias: 'live',
      codeSha256: next.codeSha256,
    })
    expect(f.aliases.get('live')).toMatchObject({ functionVersion: '2', weights: {} })
    expect(lambda.calls('canary').UpdateFunctionCode).toBe(code)
    expect(lambda.calls('canary').PublishVersion).toBe(2)

    const [nothing] = await promoteFunctions(
      deployConfig({ functionName: 'canary', alias: 'live', publish: true, promote: true }),
      testDeps().deps,
    )
    expect(nothing).toMatchObject({ result: 'unchanged', version: '2' })
  })

  it('a later run with weight 1 on the same code makes the canary primary without publishing again', async () => {
    const old = await zip()
    const f = lambda.addFunction({
      name: 'canary-full',
      architecture: 'x86_64',
      zip: fs.readFileSync(old.zipPath),
    })
    await deploy({ functionName: 'canary-full', alias: 'live', publish: true }, old)
    const next = await zip()
    await deploy(
      { functionName: 'canary-full', alias: 'live', publish: true, aliasWeight: 0.1 },
      next,
    )
    const published = lambda.calls('canary-full').PublishVersion
    const { outcome } = await deploy(
      { functionName: 'canary-full', alias: 'live', publish: true },
      next,
    )
    expect(outcome).toMatchObject({ result: 'updated', version: '2', alias: 'live' })
    expect(outcome?.weight).toBeUndefined()
    expect(f.aliases.get('live')).toMatchObject({ functionVersion: '2', weights: {} })
    expect(lambda.calls('canary-full').PublishVersion).toBe(published)
  })

  it('a canary on a missing alias creates it with all of the traffic, and says so', async () => {
    lambda.addFunction({ name: 'canary-first', architecture: 'x86_64' })
    const { outcome, lines } = await deploy(
      { functionName: 'canary-first', alias: 'live', publish: true, aliasWeight: 0.2 },
      await zip(),
    )
    expect(outcome).toMatchObject({ result: 'updated', version: '1', alias: 'live' })
    expect(lines.join('\n')).toContain('NOTICE canary-first: alias live does not exist yet')
  })
})

describe('report', () => {
  it('deployments and the summary show the weight and the configuration by key name, never a value', async () => {
    const artifact = await zip()
    lambda.addFunction({
      name: 'reported',
      architecture: 'x86_64',
      zip: fs.readFileSync(artifact.zipPath),
    })
    const { outcome } = await deploy(
      {
        functionName: 'reported',
        alias: 'live',
        publish: true,
        configuration: { environment: { variables: { TOKEN: SECRET }, mode: 'merge' } },
      },
      artifact,
    )
    if (outcome === undefined) throw new Error('no outcome')
    const outputs = outputsFor({ startedAt: 0, deployments: [outcome] })
    expect(JSON.parse(outputs.deployments ?? '{}')).toMatchObject({
      reported: { result: 'updated', configured: ['environment: set TOKEN'] },
    })
    const summary = renderDeploy([outcome])
    expect(summary).toContain('environment: set TOKEN')
    expect(JSON.stringify(outputs)).not.toContain(SECRET)
    expect(summary).not.toContain(SECRET)
  })
})
