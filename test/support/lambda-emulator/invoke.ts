/**
 * Invoke (RequestResponse and DryRun): runs the real `bootstrap` of the version the qualifier
 * names against a local Runtime API (src/smoke: the smoke test's invoker), with the version's
 * environment variables, timeout and memory size, as Lambda does. A panic, a missing variable or
 * an error the handler returns fails the invocation for real: 200 with `X-Amz-Function-Error`
 * and the error payload Lambda gives, and with `X-Amz-Log-Type: Tail` the last 4 KB of the log
 * (START / the function's output / END / REPORT) base64-encoded in `X-Amz-Log-Result`.
 */
import { randomUUID } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { invoke, type InvokeResult } from '../../../src/smoke/invoke.js'
import { chooseWay, probeRunner, type RunnerFacts } from '../../../src/smoke/runner.js'
import { ApiError, conflict, invalidParameter, notFound } from './errors.js'
import type { OperationDef } from './operation.js'
import type { FunctionState, VersionState } from './types.js'

/** Lambda's synchronous payload limit (request and response). */
const MAX_PAYLOAD_BYTES = 6_291_556
/** The tail of the log Invoke returns with LogType Tail. */
const LOG_TAIL_BYTES = 4096

let runner: Promise<RunnerFacts> | undefined

function header(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  name: string,
): string | undefined {
  const v = headers[name]
  return Array.isArray(v) ? v[0] : v
}

/** The version an Invoke runs: $LATEST, a number, or an alias (its routing weights drawn). */
function target(
  f: FunctionState,
  qualifier: string | undefined,
): { version: string; v: VersionState | undefined } {
  let version = qualifier ?? '$LATEST'
  const alias = f.aliases.get(version)
  if (alias !== undefined) {
    version = alias.functionVersion
    const routed = Object.entries(alias.weights ?? {})[0]
    if (routed !== undefined && Math.random() < routed[1]) version = routed[0]
  }
  if (version === '$LATEST') return { version, v: undefined }
  const v = f.versions.find((x) => x.version === version)
  if (v === undefined) throw notFound(`Function not found: ${f.arn}:${qualifier ?? version}`)
  return { version, v }
}

/** The error payload Lambda answers with when the runtime failed, from how it ended. */
function errorPayload(
  result: InvokeResult & { status: 'failed' },
  requestId: string,
  timeout: number,
): string {
  const ended = result.ended
  const at = `RequestId: ${requestId} Error:`
  switch (ended?.kind) {
    case 'error':
      return ended.report.body !== ''
        ? ended.report.body
        : JSON.stringify({
            errorType: ended.report.errorType,
            errorMessage: ended.report.errorMessage,
          })
    case 'init':
      return JSON.stringify({
        errorType: ended.report.errorType,
        errorMessage: ended.report.errorMessage,
      })
    case 'exit': {
      const how =
        ended.signal !== null
          ? `signal: ${signalName(ended.signal)}`
          : `exit status ${ended.code ?? '?'}`
      return JSON.stringify({
        errorType: 'Runtime.ExitError',
        errorMessage: `${at} Runtime exited with error: ${how}`,
      })
    }
    case 'timeout':
      return JSON.stringify({
        errorType: 'Sandbox.Timedout',
        errorMessage: `${at} Task timed out after ${timeout.toFixed(2)} seconds`,
      })
    default:
      return JSON.stringify({
        errorType: 'Runtime.InvalidEntrypoint',
        errorMessage: `${at} ${result.reason}`,
      })
  }
}

function signalName(signal: string): string {
  return signal === 'SIGABRT' ? 'aborted (core dumped)' : signal === 'SIGKILL' ? 'killed' : signal
}

export const invokeFunction: OperationDef = {
  name: 'Invoke',
  method: 'POST',
  path: ['2015-03-31', 'functions', '{FunctionName}', 'invocations'],
  write: false,
  query: ['Qualifier'],
  rawBody: true,
  maxBodyBytes: MAX_PAYLOAD_BYTES,
  handle: async (world, { params, query, raw, headers }) => {
    const { f, qualifier: inName } = world.resolve(params.FunctionName ?? '')
    const qualifier = query.get('Qualifier') ?? inName
    const type = header(headers, 'x-amz-invocation-type') ?? 'RequestResponse'
    const logType = header(headers, 'x-amz-log-type') ?? 'None'
    if (!['RequestResponse', 'Event', 'DryRun'].includes(type)) {
      throw new ApiError(
        400,
        'InvalidParameterValueException',
        `Unsupported invocation type ${type}`,
      )
    }
    if (logType !== 'None' && logType !== 'Tail') {
      throw invalidParameter(`Unsupported log type ${logType}`)
    }
    const { version, v } = target(f, qualifier)
    if (v === undefined && f.state === 'Pending') {
      throw conflict(
        'The operation cannot be performed at this time. The function is currently in the following state: Pending',
      )
    }
    if (type === 'DryRun') return [204, {}, { raw: Buffer.alloc(0) }]
    if (type === 'Event') {
      throw invalidParameter(
        'The emulator implements InvocationType RequestResponse and DryRun only.',
      )
    }
    if (f.packageType === 'Image') {
      throw invalidParameter('The emulator does not run container image functions.')
    }
    const settings = v ? v.settings : f.settings
    const zip = v ? v.zip : f.zip
    const arch = (v ? v.architectures : f.architectures)[0] ?? 'x86_64'
    runner ??= probeRunner()
    const way = chooseWay(arch, await runner)
    if (way.way === undefined) {
      throw new ApiError(
        500,
        'ServiceException',
        `The emulator cannot run ${arch} here: ${way.reason}`,
      )
    }
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'lambda-emulator-invoke-'))
    const requestId = randomUUID()
    const timeoutMs = Math.min(settings.timeout * 1000, world.options.invokeTimeoutMs ?? Infinity)
    let result: InvokeResult
    try {
      const zipPath = path.join(dir, 'code.zip')
      await fs.promises.writeFile(zipPath, zip)
      result = await invoke({
        zipPath,
        architecture: arch,
        way: way.way,
        functionName: f.name,
        region: world.region,
        event: raw.length === 0 ? '{}' : raw.toString('utf8'),
        timeoutMs,
        tempDir: dir,
        environment: settings.environment,
        version,
        memoryMb: settings.memorySize,
      })
    } finally {
      await fs.promises.rm(dir, { recursive: true, force: true })
    }
    if (result.status === 'unrunnable') {
      throw new ApiError(500, 'ServiceException', `The emulator cannot run it: ${result.reason}`)
    }
    const output = result.output
    const log =
      `START RequestId: ${requestId} Version: ${version}\n${output}${output.endsWith('\n') || output === '' ? '' : '\n'}` +
      `END RequestId: ${requestId}\n` +
      `REPORT RequestId: ${requestId}\tDuration: ${result.ms.toFixed(2)} ms\tBilled Duration: ${Math.ceil(result.ms)} ms\tMemory Size: ${settings.memorySize} MB\t\n`
    const tail = Buffer.from(log, 'utf8').subarray(-LOG_TAIL_BYTES)
    const functionError = result.status === 'failed' ? 'Unhandled' : undefined
    const payload =
      result.status === 'passed'
        ? result.response
        : errorPayload(result, requestId, settings.timeout)
    f.invocations.push({ qualifier, version, functionError, payload, log })
    return [
      200,
      {},
      {
        raw: Buffer.from(payload, 'utf8'),
        headers: {
          'x-amz-executed-version': version,
          ...(functionError !== undefined && { 'x-amz-function-error': functionError }),
          ...(logType === 'Tail' && { 'x-amz-log-result': tail.toString('base64') }),
        },
      },
    ]
  },
}
