import { describe, expect, it } from 'vitest'
import { DeployError, InputError } from '../../src/errors.js'
import { fitsInline, inlineRequestBytes, LambdaLimits } from '../../src/lambda/limits.js'
import { parseFunctionRef } from '../../src/lambda/names.js'
import { planDeploy, s3KeyFor } from '../../src/publish/plan.js'
import type { Artifact, DeployConfig } from '../../src/types.js'
import { deployConfig } from '../../test/support/deploy-config.js'

function artifact(bin: string, over: Partial<Artifact> = {}): Artifact {
  return {
    bin,
    kind: 'function',
    architecture: 'arm64',
    target: 'aarch64-unknown-linux-gnu.2.34',
    zipPath: `/tmp/${bin}.zip`,
    binaryPath: `/tmp/${bin}/bootstrap`,
    binarySize: 1000,
    zipSize: 500,
    unzippedSize: 1000,
    sha256: 'ab'.repeat(32),
    codeSha256: 'q83vq83vq83vq83vq83vq83vq83vq83vq83vq83vq80=',
    ...over,
  }
}

function deploy(over: Partial<DeployConfig> = {}): DeployConfig {
  return deployConfig({ region: 'eu-west-1', ...over })
}

function errorOf(fn: () => unknown): Error {
  try {
    fn()
  } catch (e) {
    return e as Error
  }
  throw new Error('expected an error')
}

describe('parseFunctionRef', () => {
  it('accepts a name, a partial ARN and a full ARN', () => {
    expect(parseFunctionRef('function-name', 'my-fn')).toEqual({ given: 'my-fn', name: 'my-fn' })
    expect(parseFunctionRef('functions', '123456789012:function:my-fn')).toEqual({
      given: '123456789012:function:my-fn',
      name: 'my-fn',
      account: '123456789012',
    })
    expect(
      parseFunctionRef('functions', 'arn:aws:lambda:eu-central-1:123456789012:function:my_fn'),
    ).toEqual({
      given: 'arn:aws:lambda:eu-central-1:123456789012:function:my_fn',
      name: 'my_fn',
      region: 'eu-central-1',
      account: '123456789012',
    })
    expect(
      parseFunctionRef('functions', 'arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f')
        .region,
    ).toBe('us-gov-west-1')
  })

  it.each([
    ['my-fn:prod', "'my-fn' and 'alias: prod'"],
    ['123456789012:function:my-fn:live', "'123456789012:function:my-fn' and 'alias: live'"],
    [
      'arn:aws:lambda:us-east-1:123456789012:function:my-fn:7',
      "'arn:aws:lambda:us-east-1:123456789012:function:my-fn' instead",
    ],
    ['my-fn:$LATEST', "Give 'my-fn' instead"],
  ])('rejects the qualifier in %s as ambiguous', (given, hint) => {
    const e = errorOf(() => parseFunctionRef('function-name', given))
    expect(e).toBeInstanceOf(InputError)
    expect(e.message).toContain(`Input 'function-name' is '${given}'`)
    expect(e.message).toContain('ambiguous')
    expect(e.message).toContain(hint)
  })

  it('rejects what is neither a name nor an ARN', () => {
    for (const bad of ['a'.repeat(65), 'arn:aws:s3:::bucket', 'my fn', '']) {
      expect(errorOf(() => parseFunctionRef('functions', bad))).toBeInstanceOf(InputError)
    }
  })
})

describe('inline size limit', () => {
  it('counts the base64 request: exactly 50 MiB of zip is already over the limit', () => {
    expect(inlineRequestBytes(3)).toBe(4 + 256)
    expect(fitsInline(52_428_800)).toBe(false)
    expect(fitsInline(52_428_000)).toBe(true)
    // The largest zip that fits leaves the request at or under Lambda's figure.
    let n = 52_428_000
    while (fitsInline(n + 1)) n++
    expect(inlineRequestBytes(n)).toBeLessThanOrEqual(LambdaLimits.inlineRequestBytes)
    expect(inlineRequestBytes(n + 3)).toBeGreaterThan(LambdaLimits.inlineRequestBytes)
  })
})

describe('s3KeyFor', () => {
  it('is <prefix>/<function>/<sha256-hex>.zip, without empty segments', () => {
    expect(s3KeyFor('rust-lambda-action', 'api', 'ff00')).toBe('rust-lambda-action/api/ff00.zip')
    expect(s3KeyFor('/deploys/', 'api', 'ff00')).toBe('deploys/api/ff00.zip')
    expect(s3KeyFor('', 'api', 'ff00')).toBe('api/ff00.zip')
  })
})

describe('planDeploy', () => {
  it('maps function-name to the single function binary, leaving extensions out', () => {
    const plan = planDeploy(deploy({ functionName: 'my-fn' }), [
      artifact('api'),
      artifact('telemetry', { kind: 'extension' }),
    ])
    expect(plan.targets.map((t) => [t.bin, t.function.name, t.region, t.upload.kind])).toEqual([
      ['api', 'my-fn', 'eu-west-1', 'inline'],
    ])
    expect(plan.notes.join('\n')).toContain('telemetry is a Lambda extension')
  })

  it('refuses function-name when the build made several function binaries', () => {
    const e = errorOf(() =>
      planDeploy(deploy({ functionName: 'my-fn' }), [artifact('api'), artifact('worker')]),
    )
    expect(e).toBeInstanceOf(InputError)
    expect(e.message).toContain('api, worker')
    expect(e.message).toContain("'api=my-fn'")
  })

  it('maps functions lines, and notes built binaries that no line maps', () => {
    const plan = planDeploy(
      deploy({
        functions: [
          { binary: 'api', function: 'api-fn' },
          { binary: 'worker', function: 'arn:aws:lambda:eu-west-1:123456789012:function:w' },
        ],
      }),
      [artifact('api'), artifact('worker'), artifact('cron')],
    )
    expect(plan.targets.map((t) => [t.bin, t.function.name])).toEqual([
      ['api', 'api-fn'],
      ['worker', 'w'],
    ])
    expect(plan.unmapped).toEqual(['cron'])
    expect(plan.notes.join('\n')).toContain("cron was built but no 'functions' line maps it")
  })

  it('names a mapped binary that was not built', () => {
    const e = errorOf(() =>
      planDeploy(deploy({ functions: [{ binary: 'apii', function: 'f' }] }), [artifact('api')]),
    )
    expect(e).toBeInstanceOf(InputError)
    expect(e.message).toContain("maps 'apii', which was not built")
    expect(e.message).toContain('built function binaries: api')
  })

  it('skips the functions lines of binaries outside binaries (a leg or a changed-since deploy), still naming a typo', () => {
    const table = [
      { binary: 'api', function: 'api-fn' },
      { binary: 'worker', function: 'w' },
      { binary: 'cron', function: 'c' },
    ]
    const plan = planDeploy(deploy({ functions: table, binaries: ['api'] }), [artifact('api')])
    expect(plan.targets.map((t) => [t.bin, t.function.name])).toEqual([['api', 'api-fn']])
    expect(plan.notes.join('\n')).toContain(
      "worker is not among 'binaries': not deployed by this run",
    )
    const typo = [{ binary: 'apii', function: 'f' }]
    expect(
      errorOf(() => planDeploy(deploy({ functions: typo, binaries: ['apii'] }), [artifact('api')]))
        .message,
    ).toContain("maps 'apii', which was not built")
  })

  it('never deploys an extension as a function', () => {
    const e = errorOf(() =>
      planDeploy(deploy({ functions: [{ binary: 'ext', function: 'f' }] }), [
        artifact('ext', { kind: 'extension' }),
      ]),
    )
    expect(e.message).toContain('is a Lambda extension')
  })

  it('refuses two binaries on one function', () => {
    const e = errorOf(() =>
      planDeploy(
        deploy({
          functions: [
            { binary: 'a', function: 'same' },
            { binary: 'b', function: '123456789012:function:same' },
          ],
        }),
        [artifact('a'), artifact('b')],
      ),
    )
    expect(e.message).toContain("both 'a' and 'b'")
  })

  it('5. refuses a bare name and the full ARN of the same function (same region, account unknown)', () => {
    const e = errorOf(() =>
      planDeploy(
        deploy({
          functions: [
            { binary: 'a', function: 'api' },
            { binary: 'b', function: 'arn:aws:lambda:eu-west-1:123456789012:function:api' },
          ],
        }),
        [artifact('a'), artifact('b')],
      ),
    )
    expect(e).toBeInstanceOf(InputError)
    expect(e.message).toContain("both 'a' and 'b'")
  })

  it('5. deploys one name in two accounts, and in two regions', () => {
    const plan = planDeploy(
      deploy({
        region: undefined,
        functions: [
          { binary: 'a', function: 'arn:aws:lambda:eu-west-1:111111111111:function:api' },
          { binary: 'b', function: 'arn:aws:lambda:eu-west-1:222222222222:function:api' },
          { binary: 'c', function: 'arn:aws:lambda:us-east-1:111111111111:function:api' },
        ],
      }),
      [artifact('a'), artifact('b'), artifact('c')],
    )
    expect(plan.targets.map((t) => [t.bin, t.region, t.function.account])).toEqual([
      ['a', 'eu-west-1', '111111111111'],
      ['b', 'eu-west-1', '222222222222'],
      ['c', 'us-east-1', '111111111111'],
    ])
  })

  it('5. takes ARNs of newer partitions and their regions (aws-eusc)', () => {
    const arn = 'arn:aws-eusc:lambda:eusc-de-east-1:123456789012:function:api'
    expect(parseFunctionRef('function-name', arn)).toMatchObject({
      name: 'api',
      region: 'eusc-de-east-1',
      account: '123456789012',
    })
    const plan = planDeploy(deploy({ region: undefined, functionName: arn }), [artifact('a')])
    expect(plan.targets[0]?.region).toBe('eusc-de-east-1')
    // The same name in the same region of another partition is another function.
    const two = planDeploy(
      deploy({
        region: undefined,
        functions: [
          { binary: 'a', function: 'arn:aws:lambda:us-east-1:123456789012:function:api' },
          { binary: 'b', function: 'arn:aws-cn:lambda:cn-north-1:123456789012:function:api' },
        ],
      }),
      [artifact('a'), artifact('b')],
    )
    expect(two.targets).toHaveLength(2)
  })

  it('goes through S3 when s3-bucket is set, with a content-addressed key', () => {
    const plan = planDeploy(deploy({ functionName: 'f', s3Bucket: 'b', s3KeyPrefix: 'p' }), [
      artifact('api', { sha256: 'cd'.repeat(32) }),
    ])
    expect(plan.targets[0]?.upload).toEqual({
      kind: 's3',
      bucket: 'b',
      key: `p/f/${'cd'.repeat(32)}.zip`,
    })
  })

  it('refuses a zip over the inline limit without s3-bucket, suggesting it', () => {
    const e = errorOf(() =>
      planDeploy(deploy({ functionName: 'f' }), [artifact('api', { zipSize: 62_914_560 })]),
    )
    expect(e).toBeInstanceOf(DeployError)
    expect(e.message).toContain('60.0 MiB (62,914,560 bytes)')
    expect(e.message).toContain('69,905,067')
    expect(e.message).toContain("Set 's3-bucket'")
    expect(e.message).toContain('nothing was changed')
  })

  it("refuses code over Lambda's 250 MiB unzipped limit even through S3", () => {
    const e = errorOf(() =>
      planDeploy(deploy({ functionName: 'f', s3Bucket: 'b' }), [
        artifact('api', { unzippedSize: 300 * 1024 * 1024 }),
      ]),
    )
    expect(e.message).toContain("over Lambda's limit of 250.0 MiB")
  })

  it('takes the region from the ARN, else aws-region, else the environment', () => {
    const arn = 'arn:aws:lambda:ap-south-1:123456789012:function:f'
    expect(
      planDeploy(deploy({ functionName: arn, region: undefined }), [artifact('a')]).targets[0]
        ?.region,
    ).toBe('ap-south-1')
    expect(
      planDeploy(deploy({ functionName: 'f', region: undefined }), [artifact('a')], {
        AWS_DEFAULT_REGION: 'sa-east-1',
      }).targets[0]?.region,
    ).toBe('sa-east-1')
    const none = errorOf(() =>
      planDeploy(deploy({ functionName: 'f', region: undefined }), [artifact('a')], {}),
    )
    expect(none.message).toContain("no AWS region. Set 'aws-region'")
    const clash = errorOf(() =>
      planDeploy(deploy({ functionName: arn, region: 'us-east-1' }), [artifact('a')]),
    )
    expect(clash.message).toContain("the ARN is in ap-south-1 but 'aws-region' is us-east-1")
  })

  it('publishes when asked and refuses an alias without publishing', () => {
    const plan = planDeploy(deploy({ functionName: 'f', alias: 'live', publish: true }), [
      artifact('a'),
    ])
    expect([plan.publish, plan.alias]).toEqual([true, 'live'])
    const e = errorOf(() =>
      planDeploy(deploy({ functionName: 'f', alias: 'live', publish: false }), [artifact('a')]),
    )
    expect(e.message).toContain("Input 'publish' is 'false'")
  })

  it('lists every problem at once', () => {
    const e = errorOf(() =>
      planDeploy(
        deploy({
          functions: [
            { binary: 'a', function: 'fa' },
            { binary: 'b', function: 'fb' },
          ],
        }),
        [artifact('a', { zipSize: 60e6 }), artifact('b', { zipSize: 70e6 })],
      ),
    )
    expect(e.message).toContain('Cannot deploy 2 functions')
    expect(e.message).toContain('- a:')
    expect(e.message).toContain('- b:')
  })
})
