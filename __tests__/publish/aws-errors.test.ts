import { describe, expect, it } from 'vitest'
import {
  AwsCallError,
  awsErrorInfo,
  isRetryable,
  requiredActions,
  translateAwsError,
} from '../../src/publish/aws-errors.js'
import { RetriesExhausted, backoffMs, withRetry } from '../../src/publish/retry.js'

/** The shape the SDK gives a service error (name = AWS error code, $metadata from the response). */
function sdkError(code: string, status: number, message = `${code} happened`): Error {
  return Object.assign(new Error(message), {
    name: code,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, requestId: 'req-1' },
  })
}

const ctx = {
  operation: 'UpdateFunctionCode',
  function: 'api',
  region: 'eu-west-1',
  needs: { s3: false, publish: false, alias: false },
}

describe('awsErrorInfo / isRetryable', () => {
  it('reads the code, status and request id of SDK errors and Node network errors', () => {
    expect(awsErrorInfo(sdkError('ResourceConflictException', 409))).toEqual({
      code: 'ResourceConflictException',
      status: 409,
      message: 'ResourceConflictException happened',
      requestId: 'req-1',
    })
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    expect(awsErrorInfo(refused).code).toBe('ECONNREFUSED')
    expect(awsErrorInfo('plain string').code).toBe('UnknownError')
  })

  it('retries conflicts, throttling and server trouble, never client mistakes', () => {
    for (const [code, status] of [
      ['ResourceConflictException', 409],
      ['TooManyRequestsException', 429],
      ['ThrottlingException', 400],
      ['ServiceException', 500],
      ['Whatever', 503],
    ] as const) {
      expect(isRetryable(sdkError(code, status))).toBe(true)
    }
    for (const [code, status] of [
      ['AccessDeniedException', 403],
      ['ResourceNotFoundException', 404],
      ['PreconditionFailedException', 412],
      ['InvalidParameterValueException', 400],
    ] as const) {
      expect(isRetryable(sdkError(code, status))).toBe(false)
    }
  })
})

describe('translateAwsError', () => {
  it('lists the IAM actions for the settings in use, with the resources', () => {
    expect(requiredActions({ s3: true, publish: true, alias: true })).toEqual([
      'lambda:GetFunction',
      'lambda:UpdateFunctionCode',
      'lambda:PublishVersion',
      'lambda:GetAlias',
      'lambda:UpdateAlias',
      'lambda:CreateAlias',
      's3:PutObject',
      's3:GetObject',
    ])
    const e = translateAwsError(
      sdkError('AccessDeniedException', 403, 'User: x is not authorized'),
      {
        ...ctx,
        operation: 'PutObject',
        needs: { s3: true, publish: true, alias: false },
        functionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:api',
        s3Target: 'arn:aws:s3:::bucket/prefix/*',
      },
    )
    expect(e).toBeInstanceOf(AwsCallError)
    expect(e.message).toBe(
      'Access denied: S3 PutObject for function \'api\' in eu-west-1 was refused (AccessDeniedException: User: x is not authorized (request id req-1)). The role needs lambda:GetFunction, lambda:UpdateFunctionCode, lambda:PublishVersion, lambda:ListVersionsByFunction on arn:aws:lambda:eu-west-1:111122223333:function:api and arn:aws:lambda:eu-west-1:111122223333:function:api:*, plus s3:PutObject and s3:GetObject on arn:aws:s3:::bucket/prefix/*. See the README section "IAM policy".',
    )
  })

  it('points at the credentials set-up when AWS does not know them', () => {
    const e = translateAwsError(sdkError('UnrecognizedClientException', 403), ctx)
    expect(e.message).toContain('AWS rejected the credentials')
    expect(e.message).toContain('aws-actions/configure-aws-credentials')
    const none = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    })
    expect(translateAwsError(none, ctx).message).toContain(
      "No AWS credentials found for Lambda UpdateFunctionCode for function 'api' in eu-west-1 (Could not load credentials from any providers)",
    )
  })

  it('names the operation, the function and the AWS error code otherwise', () => {
    const e = translateAwsError(
      sdkError('CodeStorageExceededException', 400, 'Code storage limit exceeded.'),
      ctx,
    )
    expect(e.message).toBe(
      "Lambda UpdateFunctionCode for function 'api' in eu-west-1 failed: CodeStorageExceededException: Code storage limit exceeded. (request id req-1).",
    )
    expect((e as AwsCallError).code).toBe('CodeStorageExceededException')
  })
})

describe('withRetry', () => {
  const policy = { attempts: 4, baseMs: 100, capMs: 250 }

  it('backs off exponentially with equal jitter, capped', () => {
    expect([0, 1, 2, 3].map((n) => backoffMs(n, policy, 0))).toEqual([50, 100, 125, 125])
    expect([0, 1, 2, 3].map((n) => backoffMs(n, policy, 1))).toEqual([100, 200, 250, 250])
  })

  it('retries what is retryable up to the bound, and says how long it waited', async () => {
    const sleeps: number[] = []
    let calls = 0
    const busy = sdkError('ResourceConflictException', 409)
    const attempt = withRetry(
      () => {
        calls++
        return Promise.reject(busy)
      },
      {
        policy,
        sleep: (ms) => {
          sleeps.push(ms)
          return Promise.resolve()
        },
        random: () => 0.5,
        isRetryable,
      },
    )
    const e = await attempt.catch((x: unknown) => x)
    expect(e).toBeInstanceOf(RetriesExhausted)
    expect(calls).toBe(4)
    expect(sleeps).toEqual([75, 150, 188])
    expect((e as RetriesExhausted).waitedMs).toBe(413)
    expect(translateAwsError(e, ctx).message).toContain(
      'failed after 4 attempts over 0.4 s: another update of the function kept it busy',
    )
  })

  it('does not retry other errors and returns the first success', async () => {
    let calls = 0
    const denied = sdkError('AccessDeniedException', 403)
    const options = { policy, sleep: () => Promise.resolve(), random: () => 0, isRetryable }
    await expect(
      withRetry(() => {
        calls++
        return Promise.reject(denied)
      }, options),
    ).rejects.toBe(denied)
    expect(calls).toBe(1)
    let n = 0
    const value = await withRetry(
      () =>
        ++n < 3 ? Promise.reject(sdkError('TooManyRequestsException', 429)) : Promise.resolve('ok'),
      options,
    )
    expect([value, n]).toEqual(['ok', 3])
  })
})
