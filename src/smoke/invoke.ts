/**
 * One smoke invocation: unzip the artifact (what is shipped is what is tested), start its
 * `bootstrap` with the environment Lambda gives a custom runtime, hand it one event through a
 * local Runtime API, and wait for the response, an error, its exit, or the timeout. The process
 * (and its qemu) is always killed afterwards, as a process group.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Architecture } from '../types.js'
import {
  earlyExit,
  initErrorReason,
  invocationErrorReason,
  spawnFailure,
  startFailure,
  timeoutReason,
} from './classify.js'
import type { ElfHeader } from '../package/elf.js'
import { unzip } from '../package/unzip.js'
import { preflight } from './preflight.js'
import { commandFor, type Way } from './runner.js'
import { startRuntimeApi, type InvocationResult, type LambdaErrorReport } from './runtime-api.js'

export interface InvokeRequest {
  readonly zipPath: string
  /**
   * A container image's bootstrap (read back from the pushed layer): run instead of the zip's,
   * from a runtime folder as the image has it, with an empty task root.
   */
  readonly bootstrapPath?: string | undefined
  /** The function's architecture (what Lambda will run it on). */
  readonly architecture: Architecture
  readonly way: Way
  readonly functionName: string
  readonly region: string
  readonly event: string
  readonly timeoutMs: number
  /** A folder for the unzipped code (removed afterwards). */
  readonly tempDir: string
  /** The function's own environment variables (Lambda's reserved ones win over them). */
  readonly environment?: Readonly<Record<string, string>> | undefined
  /** AWS_LAMBDA_FUNCTION_VERSION (default `$LATEST`) and the memory size (default 128 MB). */
  readonly version?: string | undefined
  /** Set by the Lambda emulator of the tests (the function's MemorySize). */
  readonly memoryMb?: number | undefined
}

/** How a failed invocation ended, for callers that answer as Lambda does (the Lambda emulator). */
export type FailureKind =
  | { readonly kind: 'error'; readonly report: LambdaErrorReport }
  | { readonly kind: 'init'; readonly report: LambdaErrorReport }
  | { readonly kind: 'exit'; readonly code: number | null; readonly signal: string | null }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'start' }

export type InvokeResult =
  | {
      readonly status: 'passed'
      readonly response: string
      readonly ms: number
      readonly startupMs: number | undefined
      readonly output: string
    }
  | {
      readonly status: 'failed'
      readonly reason: string
      readonly ms: number
      readonly startupMs: number | undefined
      readonly output: string
      readonly ended?: FailureKind
    }
  /** The runner cannot run it (not the binary's fault): e.g. no arm64 loader on an x64 runner. */
  | { readonly status: 'unrunnable'; readonly reason: string; readonly ms: 0; readonly output: '' }

/** Output kept per stream (the tail). */
const OUTPUT_LIMIT = 64 * 1024

export async function invoke(request: InvokeRequest): Promise<InvokeResult> {
  const root = await fs.promises.mkdtemp(path.join(request.tempDir, 'smoke-'))
  try {
    const taskRoot = path.join(root, 'task')
    const runtimeDir = path.join(root, 'runtime')
    await fs.promises.mkdir(runtimeDir, { recursive: true })
    let bootstrap = path.join(taskRoot, 'bootstrap')
    if (request.bootstrapPath !== undefined) {
      await fs.promises.mkdir(taskRoot, { recursive: true })
      bootstrap = path.join(runtimeDir, 'bootstrap')
      await fs.promises.copyFile(request.bootstrapPath, bootstrap)
    } else {
      await unzip(request.zipPath, taskRoot)
    }
    const pre = await preflight(bootstrap, request.architecture, request.way)
    if (pre.kind === 'failed') return { ...pre.result, ms: 0, startupMs: undefined, output: '' }
    if (pre.kind === 'unrunnable')
      return { status: 'unrunnable', reason: pre.reason, ms: 0, output: '' }
    return await run(request, bootstrap, taskRoot, runtimeDir, pre.elf)
  } finally {
    await fs.promises.rm(root, { recursive: true, force: true }).catch(() => undefined)
  }
}

async function run(
  request: InvokeRequest,
  bootstrap: string,
  taskRoot: string,
  runtimeDir: string,
  elf: ElfHeader | undefined,
): Promise<InvokeResult> {
  const api = await startRuntimeApi({ functionName: request.functionName, region: request.region })
  const [command, ...args] = commandFor(request.way, bootstrap)
  const output = { stdout: '', stderr: '', all: '' }
  let child: ChildProcess | undefined
  const started = performance.now()
  const since = (): number => performance.now() - started
  let startupMs: number | undefined
  void api.firstPoll.then(() => (startupMs ??= since()))
  let deliveredAfterMs: number | undefined
  const requestId = randomUUID()
  let timer: NodeJS.Timeout | undefined
  const killOnExit = (): void => {
    try {
      if (child?.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }

  type Ending =
    | { kind: 'result'; result: InvocationResult }
    | { kind: 'init'; report: LambdaErrorReport }
    | { kind: 'exit'; code: number | null; signal: string | null }
    | { kind: 'spawn'; code: string | undefined; message: string }
    | { kind: 'timeout' }

  try {
    const ending = await new Promise<Ending>((resolve) => {
      child = spawn(command, args, {
        cwd: taskRoot,
        env: lambdaEnvironment(request, api.address, taskRoot, runtimeDir),
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      // Its own process group outlives the action unless killed: also on the way out.
      process.once('exit', killOnExit)
      const keep = (stream: 'stdout' | 'stderr') => (data: Buffer) => {
        const text = data.toString('utf8')
        output[stream] = (output[stream] + text).slice(-OUTPUT_LIMIT)
        output.all = (output.all + text).slice(-OUTPUT_LIMIT)
      }
      child.stdout?.on('data', keep('stdout'))
      child.stderr?.on('data', keep('stderr'))
      child.on('error', (e: NodeJS.ErrnoException) =>
        resolve({ kind: 'spawn', code: e.code, message: e.message }),
      )
      child.on('exit', (code, signal) => {
        // Let the last output arrive (and a response posted just before exiting win).
        setTimeout(() => resolve({ kind: 'exit', code, signal }), 100)
      })
      void api
        .invoke(request.event, {
          requestId,
          deadlineMs: Date.now() + request.timeoutMs,
          onDelivered: () => (deliveredAfterMs ??= since()),
        })
        .then((result) => resolve({ kind: 'result', result }))
      void api.initError.then((report) => resolve({ kind: 'init', report }))
      timer = setTimeout(() => resolve({ kind: 'timeout' }), request.timeoutMs)
    })
    const ms = since()
    const base = { ms, startupMs, output: output.all }
    const failed = (reason: string, ended: FailureKind): InvokeResult => ({
      status: 'failed',
      reason,
      ...base,
      ended,
    })
    switch (ending.kind) {
      case 'result':
        return ending.result.kind === 'response'
          ? { status: 'passed', response: ending.result.body, ...base }
          : failed(invocationErrorReason(ending.result), { kind: 'error', report: ending.result })
      case 'init':
        return failed(initErrorReason(ending.report), { kind: 'init', report: ending.report })
      case 'spawn':
        return failed(spawnFailure(ending, elf?.interpreter), { kind: 'start' })
      case 'exit':
        return failed(
          earlyExit({ code: ending.code, signal: ending.signal, stderr: output.stderr }),
          { kind: 'exit', code: ending.code, signal: ending.signal },
        )
      default:
        return failed(
          startFailure(output.stderr) ??
            timeoutReason({
              timeoutMs: request.timeoutMs,
              deliveredAfterMs,
              stderr: output.stderr,
            }),
          { kind: 'timeout' },
        )
    }
  } finally {
    if (timer) clearTimeout(timer)
    process.off('exit', killOnExit)
    await kill(child)
    await api.close()
  }
}

/** The environment Lambda gives a custom runtime (and nothing of the runner's: no secrets leak). */
export function lambdaEnvironment(
  request: Pick<InvokeRequest, 'functionName' | 'region' | 'environment' | 'version' | 'memoryMb'>,
  runtimeApi: string,
  taskRoot: string,
  runtimeDir: string,
): Record<string, string> {
  return {
    ...request.environment,
    AWS_LAMBDA_RUNTIME_API: runtimeApi,
    AWS_LAMBDA_FUNCTION_NAME: request.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: request.version ?? '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(request.memoryMb ?? 128),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${request.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: 'smoke-test',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_REGION: request.region,
    AWS_DEFAULT_REGION: request.region,
    _HANDLER: 'bootstrap',
    LAMBDA_TASK_ROOT: taskRoot,
    LAMBDA_RUNTIME_DIR: runtimeDir,
    LD_LIBRARY_PATH: `${taskRoot}:${path.join(taskRoot, 'lib')}`,
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
  }
}

/** SIGKILL to the whole process group (bootstrap, its children, its qemu); waits briefly. */
async function kill(child: ChildProcess | undefined): Promise<void> {
  if (child?.pid === undefined) return
  const closed =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => child?.once('exit', () => resolve()))
  try {
    process.kill(-child.pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
  child.stdout?.destroy()
  child.stderr?.destroy()
  await Promise.race([closed, new Promise((r) => setTimeout(r, 2000).unref())])
}
