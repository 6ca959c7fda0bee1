/**
 * Verification before the alias moves (`verify-event`): invoke exactly the version just published,
 * with `LogType: Tail`, and judge the answer. The judgement is pure (judgeInvocation); the one
 * effect is the Invoke call.
 */
import { InvokeCommand, type InvokeCommandOutput, type LambdaClient } from '@aws-sdk/client-lambda'
import type { VerificationOutcome, VerifyConfig } from '../types.js'
import type { Deployer } from './call.js'

/** Characters of the response kept for `deployments` and the summary. */
export const RESPONSE_EXCERPT_CHARS = 200
/** Lines of the log tail quoted in a failure. */
const LOG_TAIL_LINES = 15

export interface InvocationAnswer {
  readonly functionError: string | undefined
  readonly payload: string
  /** The decoded `LogResult`: the last 4 KB of the invocation's log. */
  readonly log: string
  readonly ms: number
}

export interface Verification extends VerificationOutcome {
  /** The log tail, for the step's log (the failure message quotes its last lines). */
  readonly log: string
}

/**
 * Pure: the verdict on one invocation. Fails on a FunctionError (quoting its type and message)
 * or when the response lacks `verify-response`. `redact` removes the values of `environment`
 * from anything quoted: a function may print its own configuration.
 */
export function judgeInvocation(
  answer: InvocationAnswer,
  verify: VerifyConfig,
  redact: (text: string) => string = (t) => t,
): Verification {
  const payload = redact(answer.payload)
  const log = redact(answer.log)
  const response = payload.slice(0, RESPONSE_EXCERPT_CHARS)
  const base = { ms: answer.ms, response, log }
  if (answer.functionError !== undefined) {
    const { errorType, errorMessage } = errorOf(payload)
    return {
      ...base,
      status: 'failed',
      reason: `the function returned an error (${answer.functionError}): ${errorType}${errorMessage === '' ? '' : `: ${errorMessage}`}`,
    }
  }
  if (verify.response !== undefined && !answer.payload.includes(verify.response)) {
    return {
      ...base,
      status: 'failed',
      reason: `the response does not contain the 'verify-response' text ${JSON.stringify(verify.response)}; it begins ${JSON.stringify(response)}`,
    }
  }
  return { ...base, status: 'passed' }
}

/** The `errorType` / `errorMessage` of an error payload, as the runtimes write it. */
function errorOf(payload: string): { errorType: string; errorMessage: string } {
  try {
    const parsed = JSON.parse(payload) as unknown
    if (parsed !== null && typeof parsed === 'object') {
      const o = parsed as Record<string, unknown>
      const errorType = typeof o.errorType === 'string' ? o.errorType : 'Unknown'
      const message = typeof o.errorMessage === 'string' ? o.errorMessage : ''
      return { errorType, errorMessage: clip(message, 500) }
    }
  } catch {
    // Not JSON: quote it as it is.
  }
  return { errorType: 'Unknown', errorMessage: clip(payload, 500) }
}

function clip(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, chars)}…` : text
}

/** Pure: what `deployments` and the summary keep of a verification (not the log). */
export function outcomeOf(v: Verification): VerificationOutcome {
  return {
    status: v.status,
    ms: v.ms,
    response: v.response,
    ...(v.reason !== undefined && { reason: v.reason }),
  }
}

/** Pure: the last lines of a log tail, for an error message. */
export function logTail(log: string, lines = LOG_TAIL_LINES): string {
  return log
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l !== '')
    .slice(-lines)
    .join('\n')
}

/** Pure: the failure message of a verification that failed, with the log tail. */
export function verificationFailure(version: string, v: Verification, alias?: string): string {
  const tail = logTail(v.log)
  const kept = alias === undefined ? '' : ` The alias ${alias} was not moved.`
  return `verification of version ${version} failed: ${v.reason ?? 'failed'}.${kept}${tail === '' ? '' : `\nLog tail:\n${tail}`}`
}

/** Pure: an Invoke answer as judgeInvocation reads it. */
export function answerOf(out: InvokeCommandOutput, ms: number): InvocationAnswer {
  return {
    functionError: out.FunctionError,
    payload: out.Payload === undefined ? '' : Buffer.from(out.Payload).toString('utf8'),
    log: out.LogResult === undefined ? '' : Buffer.from(out.LogResult, 'base64').toString('utf8'),
    ms,
  }
}

/** Invokes `version` of the function with the event (one call, through the caller's retries). */
export async function invokeVersion(
  lambda: LambdaClient,
  functionName: string,
  version: string,
  event: string,
  now: () => number,
  call: <T>(operation: string, send: () => Promise<T>) => Promise<T>,
): Promise<InvocationAnswer> {
  const t0 = now()
  const out = await call('Invoke', () =>
    lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        Qualifier: version,
        InvocationType: 'RequestResponse',
        LogType: 'Tail',
        Payload: Buffer.from(event, 'utf8'),
      }),
    ),
  )
  return answerOf(out, now() - t0)
}

/** A verified version: its outcome, the failure (already logged) when it failed, and its log. */
export interface VersionCheck {
  readonly verification: VerificationOutcome
  readonly error: string | undefined
  readonly log: string
}

/**
 * Invokes `version` with `verify-event` and judges the answer; logs the failure line by line, or
 * that the version answered. The caller decides what a failure stops.
 */
export async function verifyVersion(
  step: Pick<Deployer, 'ctx' | 'call' | 'log'>,
  verify: VerifyConfig,
  fn: string,
  version: string,
  alias: string | undefined,
): Promise<VersionCheck> {
  const { ctx, call, log } = step
  const answer = await invokeVersion(ctx.lambda, fn, version, verify.event, ctx.deps.now, call)
  const judged = judgeInvocation(answer, verify, ctx.redact)
  const verification = outcomeOf(judged)
  if (judged.status === 'failed') {
    const error = verificationFailure(version, judged, alias)
    for (const line of error.split('\n')) log(line)
    return { verification, error, log: judged.log }
  }
  log(`verified version ${version} in ${answer.ms} ms: ${judged.response}`)
  return { verification, error: undefined, log: judged.log }
}

/** Pure: replaces every value (of at least `min` characters) in a text by `***`. */
export function redactor(values: readonly string[], min: number): (text: string) => string {
  const secrets = values.filter((v) => v.length >= min).sort((a, b) => b.length - a.length)
  if (secrets.length === 0) return (t) => t
  return (text) => secrets.reduce((t, s) => t.split(s).join('***'), text)
}
