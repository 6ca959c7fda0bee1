/**
 * The deploy stage in-process, with the real @aws-sdk clients talking to the local Lambda
 * emulator (and s3rver for S3) through AWS_ENDPOINT_URL_LAMBDA / AWS_ENDPOINT_URL_S3, exactly the
 * variables a user would set. Zips are real; only the waits are shortened (waiter timings and the
 * retry sleep are injected), so no test waits for real seconds.
 */
import { randomBytes } from 'node:crypto'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeployConfig } from '../../src/types.js'
import { DeployError } from '../../src/errors.js'
import {
  defaultDeps,
  deployFailure,
  deployFunctions,
  type DeployDeps,
} from '../../src/publish/deploy.js'
import type { Artifact, DeployOutcome } from '../../src/types.js'
import { startLambdaEmulator, type LambdaEmulator } from '../../test/support/lambda-emulator.js'
import {
  S3RVER_CREDENTIALS,
  startS3Emulator,
  type S3Emulator,
} from '../../test/support/s3-emulator.js'
import { makeZipArtifact } from '../../test/support/zips.js'
import { deployConfig } from '../../test/support/deploy-config.js'

const BUCKET = 'deploy-bucket'
let lambda: LambdaEmulator
let s3: S3Emulator
let dir: string
const savedEnv = { ...process.env }

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rla-deploy-'))
  s3 = await startS3Emulator([BUCKET])
  lambda = await startLambdaEmulator({ s3Endpoint: s3.url, updateMs: 40 })
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    AWS_ENDPOINT_URL_S3: s3.url,
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    AWS_REGION: lambda.region,
    // Nothing from a developer's ~/.aws may leak in.
    AWS_CONFIG_FILE: path.join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  })
})

afterAll(async () => {
  process.env = savedEnv
  await lambda.close()
  await s3.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

interface Run {
  deps: DeployDeps
  lines: string[]
  sleeps: number[]
}

/** `random` feeds the retry jitter: the given values in turn (then 0.5), never Math.random. */
function testDeps(random: readonly number[] = []): Run {
  const lines: string[] = []
  const sleeps: number[] = []
  const draws = [...random]
  const deps = defaultDeps({
    random: () => draws.shift() ?? 0.5,
    sleep: (ms) => {
      sleeps.push(ms)
      return Promise.resolve()
    },
    waiter: { minDelay: 0.01, maxDelay: 0.05, maxWaitTime: 5 },
    info: (l) => lines.push(l),
    notice: (l) => lines.push(`NOTICE ${l}`),
  })
  return { deps, lines, sleeps }
}

function config(over: Partial<DeployConfig>): DeployConfig {
  return deployConfig({ ...over })
}

let counter = 0
async function zip(
  bin: string,
  size = 2048,
  arch: 'arm64' | 'x86_64' = 'arm64',
): Promise<Artifact> {
  return makeZipArtifact(path.join(dir, `z${++counter}`), bin, randomBytes(size), arch)
}

/**
 * What run.ts does with a deploy: the plan's errors are thrown, a failed function is a DeployError
 * with deployFailure()'s message. Returns that message and every outcome.
 */
async function deployError(
  p: Promise<DeployOutcome[]>,
): Promise<{ message: string; outcomes?: readonly DeployOutcome[] }> {
  let outcomes: DeployOutcome[]
  try {
    outcomes = await p
  } catch (e) {
    expect(e).toBeInstanceOf(DeployError)
    return e as DeployError
  }
  const failure = deployFailure(outcomes)
  if (failure === undefined) throw new Error('expected the deploy to fail')
  return { message: failure, outcomes }
}

describe('one function', () => {
  it('updates, publishes and points the alias on the first run; the second run changes nothing', async () => {
    lambda.addFunction({ name: 'first-deploy', architecture: 'x86_64' })
    const artifact = await zip('api')
    const cfg = config({ functionName: 'first-deploy', alias: 'live', publish: true })

    const first = testDeps()
    const [outcome] = await deployFunctions(cfg, [artifact], {}, first.deps)
    expect(outcome).toMatchObject({
      function: 'first-deploy',
      result: 'updated',
      version: '1',
      alias: 'live',
      codeSha256: artifact.codeSha256,
      arn: `arn:aws:lambda:us-east-1:123456789012:function:first-deploy`,
    })
    const fn = lambda.fn('first-deploy')
    expect(fn.codeSha256).toBe(artifact.codeSha256)
    expect(fn.zip.equals(fs.readFileSync(artifact.zipPath))).toBe(true)
    expect(fn.architectures).toEqual(['arm64'])
    expect(fn.versions.map((v) => [v.version, v.codeSha256])).toEqual([['1', artifact.codeSha256]])
    expect(fn.aliases.get('live')?.functionVersion).toBe('1')
    expect(first.lines.join('\n')).toContain(
      "NOTICE first-deploy: changing the function's architecture from x86_64 to arm64",
    )
    const writesAfterFirst = lambda.writes('first-deploy')
    expect(writesAfterFirst).toBe(3) // UpdateFunctionCode, PublishVersion, CreateAlias

    const second = testDeps()
    const [again] = await deployFunctions(cfg, [artifact], {}, second.deps)
    expect(again).toMatchObject({ result: 'unchanged', version: '1', alias: 'live' })
    expect(lambda.writes('first-deploy')).toBe(writesAfterFirst)
    expect(lambda.fn('first-deploy').versions).toHaveLength(1)
  })

  it('moves an existing alias to the new version with UpdateAlias', async () => {
    lambda.addFunction({ name: 'moves-alias', architecture: 'arm64' })
    const cfg = config({ functionName: 'moves-alias', alias: 'prod', publish: true })
    await deployFunctions(cfg, [await zip('api')], {}, testDeps().deps)
    const next = await zip('api')
    const [o] = await deployFunctions(cfg, [next], {}, testDeps().deps)
    expect(o).toMatchObject({ result: 'updated', version: '2' })
    expect(lambda.fn('moves-alias').aliases.get('prod')?.functionVersion).toBe('2')
    expect(lambda.calls('moves-alias')).toMatchObject({ CreateAlias: 1, UpdateAlias: 1 })
  })

  it('redeploys the same code with force', async () => {
    lambda.addFunction({ name: 'forced', architecture: 'arm64' })
    const artifact = await zip('api')
    await deployFunctions(config({ functionName: 'forced' }), [artifact], {}, testDeps().deps)
    const [o] = await deployFunctions(
      config({ functionName: 'forced', force: true }),
      [artifact],
      {},
      testDeps().deps,
    )
    expect(o?.result).toBe('updated')
    expect(lambda.calls('forced').UpdateFunctionCode).toBe(2)
  })

  it('accepts partial and full ARNs', async () => {
    lambda.addFunction({ name: 'by-arn' })
    const artifact = await zip('api')
    const [o] = await deployFunctions(
      config({ functionName: 'arn:aws:lambda:us-east-1:123456789012:function:by-arn' }),
      [artifact],
      {},
      testDeps().deps,
    )
    expect(o?.result).toBe('updated')
    const [p] = await deployFunctions(
      config({ functionName: '123456789012:function:by-arn' }),
      [artifact],
      {},
      testDeps().deps,
    )
    expect(p?.result).toBe('unchanged')
    expect(lambda.fn('by-arn').codeSha256).toBe(artifact.codeSha256)
  })

  it('dry-run validates with DryRun and changes nothing', async () => {
    const before = lambda.addFunction({ name: 'dry' }).codeSha256
    const [o] = await deployFunctions(
      config({ functionName: 'dry', dryRun: true }),
      [await zip('api')],
      {},
      testDeps().deps,
    )
    expect(o?.result).toBe('dry-run')
    expect(lambda.fn('dry').dryRuns).toBe(1)
    expect(lambda.fn('dry').codeSha256).toBe(before)
  })

  it('waits while the function is Pending or another update is in progress, instead of failing', async () => {
    // Pending / InProgress until the deploy has read them once, then for 200 ms: whatever the
    // machine's load, the first read sees the state to wait for.
    lambda.addFunction({ name: 'pending', pendingMs: 600_000 })
    const busy = lambda.addFunction({ name: 'busy' })
    busy.lastUpdateStatus = 'InProgress'
    busy.updateUntil = Date.now() + 600_000
    for (const name of ['pending', 'busy']) {
      lambda.inject({
        operation: 'GetFunction',
        function: name,
        times: 1,
        change: (f) => {
          if (f.state === 'Pending') f.pendingUntil = Date.now() + 200
          if (f.lastUpdateStatus === 'InProgress') f.updateUntil = Date.now() + 200
        },
      })
    }
    const run = testDeps()
    const outcomes = await deployFunctions(
      config({
        functions: [
          { binary: 'a', function: 'pending' },
          { binary: 'b', function: 'busy' },
        ],
      }),
      [await zip('a'), await zip('b')],
      {},
      run.deps,
    )
    expect(outcomes.map((o) => o.result)).toEqual(['updated', 'updated'])
    expect(run.lines.join('\n')).toContain('pending: state is Pending; waiting until it is Active')
    expect(run.lines.join('\n')).toContain('busy: another update is in progress; waiting')
    // Waiting means no write ever hit the 409 of a busy function.
    expect(lambda.requests.filter((r) => r.status === 409 && r.function === 'busy')).toEqual([])
  })
})

describe('publishing and the alias when the code is already there', () => {
  it('1. publish without an alias: a re-run publishes the code $LATEST already has, then makes no write', async () => {
    lambda.addFunction({ name: 'publish-later', architecture: 'arm64' })
    const artifact = await zip('api')
    const cfg = config({ functionName: 'publish-later', publish: true })
    // The first run updates the code, then PublishVersion is refused (a missing permission).
    lambda.inject({
      operation: 'PublishVersion',
      function: 'publish-later',
      status: 403,
      code: 'AccessDeniedException',
      times: 1,
    })
    await deployError(deployFunctions(cfg, [artifact], {}, testDeps().deps))
    expect(lambda.fn('publish-later').codeSha256).toBe(artifact.codeSha256)
    expect(lambda.fn('publish-later').versions).toEqual([])

    const [rerun] = await deployFunctions(cfg, [artifact], {}, testDeps().deps)
    expect(rerun).toMatchObject({ result: 'updated', version: '1' })
    expect(lambda.fn('publish-later').versions.map((v) => v.codeSha256)).toEqual([
      artifact.codeSha256,
    ])

    const writes = lambda.writes('publish-later')
    const [again] = await deployFunctions(cfg, [artifact], {}, testDeps().deps)
    expect(again).toMatchObject({ result: 'unchanged', version: '1' })
    expect(lambda.writes('publish-later')).toBe(writes)
  })

  it('2. an alias on $LATEST moves to a numbered version although the code is unchanged', async () => {
    const artifact = await zip('api')
    const f = lambda.addFunction({
      name: 'alias-on-latest',
      architecture: 'arm64',
      zip: fs.readFileSync(artifact.zipPath),
    })
    f.aliases.set('live', {
      name: 'live',
      functionVersion: '$LATEST',
      revisionId: 'r1',
      description: '',
    })
    const [o] = await deployFunctions(
      config({ functionName: 'alias-on-latest', alias: 'live', publish: true }),
      [artifact],
      {},
      testDeps().deps,
    )
    expect(o).toMatchObject({ result: 'updated', version: '1', alias: 'live' })
    expect(lambda.fn('alias-on-latest').aliases.get('live')?.functionVersion).toBe('1')
    expect(lambda.calls('alias-on-latest').UpdateFunctionCode).toBe(0)
  })
})

describe('paths that had no test', () => {
  it('repairs an alias that serves other code although $LATEST already has ours', async () => {
    const old = await zip('api')
    const ours = await zip('api')
    lambda.addFunction({ name: 'repair', architecture: 'arm64' })
    const cfg = config({ functionName: 'repair', alias: 'live', publish: true })
    await deployFunctions(cfg, [old], {}, testDeps().deps) // version 1, live -> 1
    // A previous run updated $LATEST to our code, then stopped before publishing.
    await deployFunctions(config({ functionName: 'repair' }), [ours], {}, testDeps().deps)
    const [o] = await deployFunctions(cfg, [ours], {}, testDeps().deps)
    expect(o).toMatchObject({ result: 'updated', version: '2', alias: 'live' })
    expect(lambda.fn('repair').aliases.get('live')?.functionVersion).toBe('2')
    expect(lambda.calls('repair').UpdateFunctionCode).toBe(2)
  })

  it('force + publish on identical code updates again and gets the existing version back', async () => {
    lambda.addFunction({ name: 'force-publish', architecture: 'arm64' })
    const artifact = await zip('api')
    const cfg = config({ functionName: 'force-publish', alias: 'live', publish: true })
    await deployFunctions(cfg, [artifact], {}, testDeps().deps)
    const [o] = await deployFunctions({ ...cfg, force: true }, [artifact], {}, testDeps().deps)
    expect(o).toMatchObject({ result: 'updated', version: '1', alias: 'live' })
    expect(lambda.fn('force-publish').versions).toHaveLength(1)
    expect(lambda.calls('force-publish')).toMatchObject({
      UpdateFunctionCode: 2,
      PublishVersion: 2,
    })
  })

  it('stops waiting for an update that does not finish, saying how long it waited', async () => {
    lambda.addFunction({ name: 'slow-update', architecture: 'arm64', updateMs: 60_000 })
    const run = testDeps()
    const deps = { ...run.deps, waiter: { minDelay: 0.01, maxDelay: 0.05, maxWaitTime: 1 } }
    const e = await deployError(
      deployFunctions(config({ functionName: 'slow-update' }), [await zip('api')], {}, deps),
    )
    expect(e.message).toBe(
      "Function 'slow-update' in us-east-1: the code update did not finish within 1 s (LastUpdateStatus still InProgress).",
    )
  })

  it('stops waiting for a function that never becomes Active', async () => {
    lambda.addFunction({ name: 'never-active', pendingMs: 60_000 })
    const run = testDeps()
    const deps = { ...run.deps, waiter: { minDelay: 0.01, maxDelay: 0.05, maxWaitTime: 1 } }
    const e = await deployError(
      deployFunctions(config({ functionName: 'never-active' }), [await zip('api')], {}, deps),
    )
    expect(e.message).toContain("Function 'never-active' in us-east-1 did not become Active")
    expect(lambda.writes('never-active')).toBe(0)
  })

  it('refuses a container-image function before any write', async () => {
    lambda.addFunction({ name: 'image-fn', packageType: 'Image' })
    const e = await deployError(
      deployFunctions(
        config({ functionName: 'image-fn' }),
        [await zip('api')],
        {},
        testDeps().deps,
      ),
    )
    expect(e.message).toContain("Function 'image-fn' in us-east-1 is a container image function")
    expect(lambda.writes('image-fn')).toBe(0)
  })

  it('reports CodeSha256 changed by someone else after our update, and publishes nothing', async () => {
    lambda.addFunction({ name: 'overwritten', architecture: 'arm64' })
    const theirs = await zip('api')
    lambda.inject({
      operation: 'UpdateFunctionCode',
      function: 'overwritten',
      times: 1,
      change: (f) => {
        f.zip = fs.readFileSync(theirs.zipPath)
        f.codeSha256 = theirs.codeSha256
      },
    })
    const e = await deployError(
      deployFunctions(
        config({ functionName: 'overwritten', alias: 'live', publish: true }),
        [await zip('api')],
        {},
        testDeps().deps,
      ),
    )
    expect(e.message).toContain(`reports CodeSha256 ${theirs.codeSha256} after the update, not`)
    expect(e.message).toContain('another deployment changed it at the same time')
    expect(lambda.calls('overwritten')).toMatchObject({ PublishVersion: 0, CreateAlias: 0 })
  })
})

describe('lost responses and races', () => {
  it('3. a lost UpdateFunctionCode response is confirmed by reading the function, then published and aliased', async () => {
    lambda.addFunction({ name: 'lost-update', architecture: 'arm64' })
    lambda.inject({
      operation: 'UpdateFunctionCode',
      function: 'lost-update',
      lostResponse: true,
      times: 1,
    })
    const run = testDeps()
    const artifact = await zip('api')
    const [o] = await deployFunctions(
      config({ functionName: 'lost-update', alias: 'live', publish: true }),
      [artifact],
      {},
      run.deps,
    )
    expect(o).toMatchObject({ result: 'updated', version: '1', alias: 'live' })
    expect(lambda.fn('lost-update').aliases.get('live')?.functionVersion).toBe('1')
    // The update landed once; the 412 of a blind retry with the old RevisionId never happened.
    expect(lambda.calls('lost-update').UpdateFunctionCode).toBe(1)
    expect(lambda.requests.filter((r) => r.function === 'lost-update' && r.status === 412)).toEqual(
      [],
    )
    expect(run.lines.join('\n')).toContain('the function already has this code')
  })

  it('4. CreateAlias answered "Alias already exists" reads the alias and moves it, without retrying for a minute', async () => {
    const artifact = await zip('api')
    const f = lambda.addFunction({ name: 'alias-race', architecture: 'arm64' })
    // Another job creates the alias between our GetAlias (404) and our CreateAlias.
    lambda.inject({
      operation: 'GetAlias',
      function: 'alias-race',
      status: 404,
      code: 'ResourceNotFoundException',
      message: `Cannot find alias arn: ${f.arn}:live`,
      times: 1,
    })
    f.aliases.set('live', {
      name: 'live',
      functionVersion: '$LATEST',
      revisionId: 'r1',
      description: '',
    })
    const run = testDeps()
    const [o] = await deployFunctions(
      config({ functionName: 'alias-race', alias: 'live', publish: true }),
      [artifact],
      {},
      run.deps,
    )
    expect(o).toMatchObject({ result: 'updated', version: '1', alias: 'live' })
    expect(lambda.fn('alias-race').aliases.get('live')?.functionVersion).toBe('1')
    expect(lambda.calls('alias-race')).toMatchObject({ CreateAlias: 1, UpdateAlias: 1 })
    expect(run.sleeps).toEqual([])
  })

  it('4. a lost CreateAlias response: the retry finds the alias already right', async () => {
    lambda.addFunction({ name: 'alias-lost', architecture: 'arm64' })
    lambda.inject({
      operation: 'CreateAlias',
      function: 'alias-lost',
      lostResponse: true,
      times: 1,
    })
    const run = testDeps()
    const [o] = await deployFunctions(
      config({ functionName: 'alias-lost', alias: 'live', publish: true }),
      [await zip('api')],
      {},
      run.deps,
    )
    expect(o).toMatchObject({ result: 'updated', version: '1', alias: 'live' })
    expect(lambda.fn('alias-lost').aliases.get('live')?.functionVersion).toBe('1')
    expect(lambda.calls('alias-lost').UpdateAlias).toBe(0)
    expect(run.sleeps.length).toBeLessThanOrEqual(1)
  })
})

describe('failures', () => {
  it('retries "update in progress" twice with growing, jittered backoff, then succeeds', async () => {
    lambda.addFunction({ name: 'conflict-twice' })
    lambda.inject({
      operation: 'UpdateFunctionCode',
      function: 'conflict-twice',
      status: 409,
      code: 'ResourceConflictException',
      times: 2,
    })
    // Jitter draws 0 then 1: the first delay is the floor of its range, the second the ceiling.
    const run = testDeps([0, 1])
    const artifact = await zip('api')
    const [o] = await deployFunctions(
      config({ functionName: 'conflict-twice' }),
      [artifact],
      {},
      run.deps,
    )
    expect(o?.result).toBe('updated')
    expect(lambda.calls('conflict-twice').UpdateFunctionCode).toBe(3)
    expect(lambda.fn('conflict-twice').codeSha256).toBe(artifact.codeSha256)
    // Equal jitter: half of the 1 s, then 2 s ceiling is fixed, the other half scaled by the draw.
    expect(run.sleeps).toEqual([500, 2000])
    expect(run.lines.join('\n')).toContain(
      'UpdateFunctionCode: ResourceConflictException (an update is in progress); retry 1/7 in 0.5 s',
    )
    expect(run.lines.join('\n')).toContain(
      'UpdateFunctionCode: ResourceConflictException (an update is in progress); retry 2/7 in 2.0 s',
    )
  })

  it('gives up on a function that stays busy, after the bound, with a clear error', async () => {
    lambda.addFunction({ name: 'conflict-always' })
    const before = lambda.fn('conflict-always').codeSha256
    lambda.inject({
      operation: 'UpdateFunctionCode',
      function: 'conflict-always',
      status: 409,
      code: 'ResourceConflictException',
    })
    const run = testDeps()
    const e = await deployError(
      deployFunctions(
        config({ functionName: 'conflict-always' }),
        [await zip('api')],
        {},
        run.deps,
      ),
    )
    expect(lambda.calls('conflict-always').UpdateFunctionCode).toBe(8)
    expect(run.sleeps).toHaveLength(7)
    expect(e.message).toMatch(
      /^Lambda UpdateFunctionCode for function 'conflict-always' in us-east-1 failed after 8 attempts over \d+\.\d s: another update of the function kept it busy \(ResourceConflictException: The operation cannot be performed at this time\. An update is in progress/,
    )
    expect(e.outcomes?.[0]?.result).toBe('failed')
    expect(lambda.fn('conflict-always').codeSha256).toBe(before)
  })

  it('retries throttling (429)', async () => {
    lambda.addFunction({ name: 'throttled' })
    lambda.inject({
      operation: 'GetFunction',
      function: 'throttled',
      status: 429,
      code: 'TooManyRequestsException',
      times: 2,
    })
    const run = testDeps()
    const [o] = await deployFunctions(
      config({ functionName: 'throttled' }),
      [await zip('api')],
      {},
      run.deps,
    )
    expect(o?.result).toBe('updated')
    expect(run.sleeps).toHaveLength(2)
  })

  it('quotes LastUpdateStatusReason when the update ends Failed', async () => {
    // A failure Lambda really reports after accepting the code (a VPC function out of ENIs).
    const reason =
      'Lambda was not able to create an ENI in the VPC of the Lambda function because the limit for Network Interfaces has been reached.'
    lambda.addFunction({
      name: 'fails-update',
      failUpdate: { reasonCode: 'EniLimitExceeded', reason },
    })
    const e = await deployError(
      deployFunctions(
        config({ functionName: 'fails-update' }),
        [await zip('api')],
        {},
        testDeps().deps,
      ),
    )
    expect(e.message).toBe(
      `Function 'fails-update' in us-east-1: Lambda rejected the code update (LastUpdateStatus Failed [EniLimitExceeded]): ${reason}`,
    )
  })

  it('names the function, region and account of a missing function', async () => {
    const e = await deployError(
      deployFunctions(
        config({ functionName: 'does-not-exist' }),
        [await zip('api')],
        {},
        testDeps().deps,
      ),
    )
    expect(e.message).toContain(
      "Lambda function 'does-not-exist' was not found in region us-east-1, account 123456789012.",
    )
    expect(lambda.writes('does-not-exist')).toBe(0)
  })

  it('turns AccessDenied into the IAM actions the role needs', async () => {
    lambda.addFunction({ name: 'denied' })
    lambda.inject({
      operation: 'UpdateFunctionCode',
      function: 'denied',
      status: 403,
      code: 'AccessDeniedException',
    })
    const e = await deployError(
      deployFunctions(
        config({ functionName: 'denied', alias: 'live', publish: true }),
        [await zip('api')],
        {},
        testDeps().deps,
      ),
    )
    expect(e.message).toContain(
      "Access denied: Lambda UpdateFunctionCode for function 'denied' in us-east-1",
    )
    expect(e.message).toContain(
      'The role needs lambda:GetFunction, lambda:UpdateFunctionCode, lambda:PublishVersion, lambda:GetAlias, lambda:UpdateAlias, lambda:CreateAlias on arn:aws:lambda:us-east-1:123456789012:function:denied and arn:aws:lambda:us-east-1:123456789012:function:denied:*',
    )
    expect(e.message).not.toContain('s3:PutObject')
    expect(lambda.calls('denied').UpdateFunctionCode).toBe(1) // never retried
  })

  it('reports a concurrent change (stale RevisionId) instead of overwriting it', async () => {
    lambda.addFunction({ name: 'raced' })
    lambda.inject({
      operation: 'UpdateFunctionCode',
      function: 'raced',
      status: 412,
      code: 'PreconditionFailedException',
      message: 'The Revision Id provided does not match the latest Revision Id.',
    })
    const e = await deployError(
      deployFunctions(config({ functionName: 'raced' }), [await zip('api')], {}, testDeps().deps),
    )
    expect(e.message).toContain('the function was changed by someone else while this deploy ran')
  })
})

describe('large zips', () => {
  let big: Artifact
  beforeAll(async () => {
    big = await zip('big', 60 * 1024 * 1024)
    expect(big.zipSize).toBeGreaterThan(60 * 1024 * 1024)
  })

  it('goes through S3 (s3rver) when s3-bucket is set', async () => {
    lambda.addFunction({ name: 'big-fn' })
    const [o] = await deployFunctions(
      config({ functionName: 'big-fn', s3Bucket: BUCKET, s3KeyPrefix: 'builds' }),
      [big],
      {},
      testDeps().deps,
    )
    expect(o?.result).toBe('updated')
    const fn = lambda.fn('big-fn')
    expect(fn.codeSha256).toBe(big.codeSha256)
    expect(fn.s3Sources).toEqual([{ bucket: BUCKET, key: `builds/big-fn/${big.sha256}.zip` }])
  })

  it('is refused without s3-bucket, before any AWS call, with a message suggesting it', async () => {
    lambda.addFunction({ name: 'big-refused' })
    const e = await deployError(
      deployFunctions(config({ functionName: 'big-refused' }), [big], {}, testDeps().deps),
    )
    expect(e.message).toContain("Set 's3-bucket' to upload it through S3")
    expect(e.message).toContain('69,905,067')
    expect(lambda.calls('big-refused').GetFunction).toBe(0)
  })

  it("is refused by the emulator like Lambda when sent inline anyway (the plan's limit is Lambda's)", async () => {
    const body = JSON.stringify({ ZipFile: fs.readFileSync(big.zipPath).toString('base64') })
    const res = await fetch(`${lambda.url}/2015-03-31/functions/big-refused/code`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        authorization: `AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
      },
      body,
    })
    expect(res.status).toBe(413)
    expect(res.headers.get('x-amzn-errortype')).toBe('RequestEntityTooLargeException')
  })
})

describe('an S3 bucket in another region than the function', () => {
  it("says the bucket must be in the function's region and names the input, for S3's PermanentRedirect", async () => {
    // What S3 answers a PutObject sent to the wrong region's endpoint (301 PermanentRedirect).
    const redirect = http.createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        const body =
          '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.</Message><Endpoint>far-bucket.s3.eu-west-1.amazonaws.com</Endpoint><Bucket>far-bucket</Bucket><RequestId>R1</RequestId></Error>'
        res.writeHead(301, {
          'content-type': 'application/xml',
          'x-amz-bucket-region': 'eu-west-1',
          'content-length': Buffer.byteLength(body),
        })
        res.end(body)
      })
    })
    await new Promise<void>((r) => redirect.listen(0, '127.0.0.1', r))
    const { port } = redirect.address() as AddressInfo
    lambda.addFunction({ name: 'far-bucket-fn' })
    try {
      const run = testDeps()
      const deps = {
        ...run.deps,
        s3Client: (region: string) =>
          new S3Client({
            region,
            endpoint: `http://127.0.0.1:${port}`,
            forcePathStyle: true,
            maxAttempts: 1,
          }),
      }
      const e = await deployError(
        deployFunctions(
          config({ functionName: 'far-bucket-fn', s3Bucket: 'far-bucket' }),
          [await zip('api')],
          {},
          deps,
        ),
      )
      expect(e.message).toContain(
        "The S3 bucket 'far-bucket' (input 's3-bucket') is in eu-west-1, not in the function's region us-east-1",
      )
      expect(e.message).toContain('Lambda reads the code only from a bucket in the same region')
      expect(lambda.writes('far-bucket-fn')).toBe(0)
    } finally {
      await new Promise((r) => redirect.close(r))
    }
  })

  it('says so too when Lambda reports the redirect while reading the object', async () => {
    lambda.addFunction({ name: 'far-object-fn' })
    lambda.inject({
      operation: 'UpdateFunctionCode',
      function: 'far-object-fn',
      status: 400,
      code: 'InvalidParameterValueException',
      message:
        'Error occurred while GetObject. S3 Error Code: PermanentRedirect. S3 Error Message: The bucket is in this region: eu-west-1. Please use this region to retry the request',
    })
    const e = await deployError(
      deployFunctions(
        config({ functionName: 'far-object-fn', s3Bucket: BUCKET }),
        [await zip('api')],
        {},
        testDeps().deps,
      ),
    )
    expect(e.message).toContain(
      `The S3 bucket '${BUCKET}' (input 's3-bucket') is in eu-west-1, not in the function's region us-east-1`,
    )
  })
})

describe('many functions', () => {
  async function tenFunctions(
    prefix: string,
  ): Promise<{ cfg: DeployConfig; artifacts: Artifact[] }> {
    const artifacts: Artifact[] = []
    const functions = []
    for (let i = 0; i < 10; i++) {
      lambda.addFunction({ name: `${prefix}-${i}`, architecture: 'arm64' })
      artifacts.push(await zip(`bin${i}`))
      functions.push({ binary: `bin${i}`, function: `${prefix}-${i}` })
    }
    return { cfg: config({ functions }), artifacts }
  }

  it('deploys ten functions with never more than four requests in flight (deploy-concurrency 4)', async () => {
    // Each call takes 100 ms, so the functions' deploys overlap; the emulator counts the overlap.
    lambda.setLatency(100)
    try {
      const { cfg, artifacts } = await tenFunctions('parallel')
      const outcomes = await deployFunctions(
        { ...cfg, concurrency: 4 },
        artifacts,
        {},
        testDeps().deps,
      )
      expect(outcomes.map((o) => o.result)).toEqual(Array(10).fill('updated'))
      const ours = (r: { function: string | undefined }): boolean =>
        r.function?.startsWith('parallel-') === true
      expect(lambda.maxInFlight(ours)).toBe(4)

      const serial = await tenFunctions('serial')
      await deployFunctions(
        { ...serial.cfg, concurrency: 1 },
        serial.artifacts,
        {},
        testDeps().deps,
      )
      expect(lambda.maxInFlight((r) => r.function?.startsWith('serial-') === true)).toBe(1)
    } finally {
      lambda.setLatency(0)
    }
  })

  it('one failing function leaves the other nine deployed, and reports all ten', async () => {
    const { cfg, artifacts } = await tenFunctions('mixed')
    lambda.inject({
      operation: 'UpdateFunctionCode',
      function: 'mixed-3',
      status: 403,
      code: 'AccessDeniedException',
    })
    const e = await deployError(deployFunctions(cfg, artifacts, {}, testDeps().deps))
    const outcomes = e.outcomes as readonly DeployOutcome[]
    expect(outcomes).toHaveLength(10)
    expect(outcomes.filter((o) => o.result === 'updated')).toHaveLength(9)
    expect(outcomes.find((o) => o.result === 'failed')?.function).toBe('mixed-3')
    expect(e.message).toMatch(
      /^1 of 10 functions failed to deploy \(9 deployed; every result is in the job summary\):\n- mixed-3: Access denied/,
    )
    for (let i = 0; i < 10; i++) {
      const deployed = lambda.fn(`mixed-${i}`).codeSha256 === artifacts[i]?.codeSha256
      expect(deployed).toBe(i !== 3)
    }
  })

  it('reports built binaries that no functions line maps as skipped', async () => {
    lambda.addFunction({ name: 'mapped' })
    const outcomes = await deployFunctions(
      config({ functions: [{ binary: 'a', function: 'mapped' }] }),
      [await zip('a'), await zip('orphan')],
      {},
      testDeps().deps,
    )
    expect(outcomes.map((o) => [o.bin, o.function, o.result])).toEqual([
      ['a', 'mapped', 'updated'],
      ['orphan', '', 'skipped'],
    ])
  })
})

describe('credentials', () => {
  it('signs with the default chain (environment here), masks the secret and never writes it to the log', async () => {
    lambda.addFunction({ name: 'creds' })
    // The Lambda emulator checks the signature's shape and scope, not its value: any secret works.
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY-secret-for-this-test'
    const token = 'FwoGZXIvYXdzE-session-token-for-this-test'
    const saved = { ...process.env }
    Object.assign(process.env, { AWS_SECRET_ACCESS_KEY: secret, AWS_SESSION_TOKEN: token })
    // Everything the step writes goes through stdout (core.info, groups, commands): keep it all.
    const written: string[] = []
    const write = process.stdout.write.bind(process.stdout)
    process.stdout.write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
      return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest)
    }
    try {
      const deps = defaultDeps({ waiter: { minDelay: 0.01, maxDelay: 0.05, maxWaitTime: 5 } })
      await deployFunctions(config({ functionName: 'creds' }), [await zip('api')], {}, deps)
    } finally {
      process.stdout.write = write
      process.env = saved
    }
    const log = written.join('')
    expect(log).toContain('creds: updating code')
    // Masked first (the runner then hides it everywhere), and otherwise never written.
    expect(log).toContain(`::add-mask::${secret}`)
    expect(log).toContain(`::add-mask::${token}`)
    expect(log.split(secret)).toHaveLength(2)
    expect(log.split(token)).toHaveLength(2)
    const mine = lambda.requests.filter((r) => r.function === 'creds')
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.every((r) => r.accessKeyId === S3RVER_CREDENTIALS.accessKeyId)).toBe(true)
  })

  it('says how to configure credentials when the default chain finds none', async () => {
    lambda.addFunction({ name: 'no-creds' })
    const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY } = process.env
    delete process.env.AWS_ACCESS_KEY_ID
    delete process.env.AWS_SECRET_ACCESS_KEY
    try {
      const e = await deployError(
        deployFunctions(
          config({ functionName: 'no-creds' }),
          [await zip('api')],
          {},
          testDeps().deps,
        ),
      )
      expect(e.message).toContain('No AWS credentials found for Lambda GetFunction')
      expect(e.message).toContain('aws-actions/configure-aws-credentials')
      expect(lambda.calls('no-creds').GetFunction).toBe(0)
    } finally {
      Object.assign(process.env, { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY })
    }
  })
})
