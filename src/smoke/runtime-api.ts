/**
 * A local AWS Lambda Runtime API (the interface a custom runtime's `bootstrap` talks to), on
 * 127.0.0.1 with a random port. It hands out the invocations queued with `invoke()` through the
 * long-polling `GET /2018-06-01/runtime/invocation/next`, and collects what the runtime posts back:
 * `.../invocation/{id}/response`, `.../invocation/{id}/error` and `/runtime/init/error`.
 *
 * Used by the smoke test, and by tests that run a built `bootstrap` (export: startRuntimeApi).
 */
import { randomUUID } from 'node:crypto'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'

const PREFIX = '/2018-06-01/runtime'
/**
 * Lambda's limit for a synchronous invocation's payload, request and response each: 6,291,556
 * bytes, the figure its errors quote ("Response payload size exceeded maximum allowed payload
 * size (6291556 bytes)", "Request must be smaller than 6291556 bytes for the InvokeFunction
 * operation"). Slightly above 6 MiB (6,291,456).
 */
export const MAX_RESPONSE_BYTES = 6_291_556
export const MAX_EVENT_BYTES = 6_291_556

/** What a runtime reports with `/invocation/{id}/error` or `/init/error`. */
export interface LambdaErrorReport {
  readonly errorType: string
  readonly errorMessage: string
  /** The raw body, as posted. */
  readonly body: string
}

export type InvocationResult =
  | { readonly kind: 'response'; readonly body: string; readonly ms: number }
  | ({ readonly kind: 'error'; readonly ms: number } & LambdaErrorReport)

export interface InvokeOptions {
  /** Default: a random UUID. */
  readonly requestId?: string
  /** Epoch milliseconds sent as Lambda-Runtime-Deadline-Ms. Default: now + 10 s at delivery. */
  readonly deadlineMs?: number
  /** Default: arn:aws:lambda:<region>:000000000000:function:<functionName>. */
  readonly functionArn?: string
  /** Sent as Lambda-Runtime-Trace-Id when given. */
  readonly traceId?: string
  /** Called when a `GET /next` takes the event. */
  readonly onDelivered?: () => void
}

export interface RuntimeApiOptions {
  /** For the default invoked-function ARN. */
  readonly functionName?: string
  readonly region?: string
  /** Milliseconds since epoch (injected in tests). */
  readonly now?: () => number
}

export interface RuntimeApi {
  /** `127.0.0.1:<port>`: the value of AWS_LAMBDA_RUNTIME_API. */
  readonly address: string
  readonly port: number
  /** Queues an event; resolves when the runtime posts the response or error for it. */
  invoke(event: string, options?: InvokeOptions): Promise<InvocationResult>
  /** Resolves when the runtime posts `/runtime/init/error` (never rejects). */
  readonly initError: Promise<LambdaErrorReport>
  /** Resolves with the time of the first `GET /invocation/next`: the runtime finished its init. */
  readonly firstPoll: Promise<number>
  /** Whether an event was handed to the runtime (taken by a `GET /next`). */
  delivered(requestId: string): boolean
  /** Stops the server and drops every connection (a pending long poll included). */
  close(): Promise<void>
}

interface Pending {
  readonly requestId: string
  readonly event: string
  readonly options: InvokeOptions
  delivered: boolean
  deliveredAt: number
  settle: (result: InvocationResult) => void
}

export async function startRuntimeApi(options: RuntimeApiOptions = {}): Promise<RuntimeApi> {
  const now = options.now ?? Date.now
  const region = options.region ?? 'us-east-1'
  const functionName = options.functionName ?? 'function'
  const queue: Pending[] = []
  const byId = new Map<string, Pending>()
  const waiters: http.ServerResponse[] = []

  let resolveInitError: (report: LambdaErrorReport) => void = () => undefined
  const initError = new Promise<LambdaErrorReport>((r) => (resolveInitError = r))
  let resolveFirstPoll: (t: number) => void = () => undefined
  const firstPoll = new Promise<number>((r) => (resolveFirstPoll = r))

  const deliver = (res: http.ServerResponse, p: Pending): void => {
    p.delivered = true
    p.deliveredAt = now()
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Lambda-Runtime-Aws-Request-Id': p.requestId,
      'Lambda-Runtime-Deadline-Ms': String(p.options.deadlineMs ?? now() + 10_000),
      'Lambda-Runtime-Invoked-Function-Arn':
        p.options.functionArn ?? `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    }
    if (p.options.traceId !== undefined) headers['Lambda-Runtime-Trace-Id'] = p.options.traceId
    send(res, 200, p.event, headers)
    p.options.onDelivered?.()
  }

  const dispatch = (): void => {
    while (waiters.length > 0 && queue.length > 0) {
      const res = waiters.shift() as http.ServerResponse
      if (res.destroyed || res.writableEnded) continue
      deliver(res, queue.shift() as Pending)
    }
  }

  const server = http.createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, error('ServiceException', 'internal error'))
      else res.destroy()
    })
  })

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const route = url.pathname
    if (route === `${PREFIX}/invocation/next`) {
      if (req.method !== 'GET') return methodNotAllowed(res)
      req.resume()
      resolveFirstPoll(now())
      waiters.push(res)
      res.on('close', () => {
        const i = waiters.indexOf(res)
        if (i >= 0) waiters.splice(i, 1)
      })
      dispatch()
      return
    }
    if (route === `${PREFIX}/init/error`) {
      if (req.method !== 'POST') return methodNotAllowed(res)
      const body = await readBody(req, MAX_RESPONSE_BYTES)
      if (body === undefined) return tooLarge(res)
      resolveInitError(parseError(body, req.headers))
      return sendJson(res, 202, { status: 'OK' })
    }
    const m = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(route)
    if (m) {
      if (req.method !== 'POST') return methodNotAllowed(res)
      const id = decodeURIComponent(m[1] as string)
      const p = byId.get(id)
      if (p === undefined || !p.delivered) {
        req.resume()
        return sendJson(res, 400, error('InvalidRequestID', `Unknown request ID ${id}`))
      }
      const body = await readBody(req, MAX_RESPONSE_BYTES)
      if (body === undefined) {
        byId.delete(id)
        p.settle({
          kind: 'error',
          errorType: 'Function.ResponseSizeTooLarge',
          errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
          body: '',
          ms: now() - p.deliveredAt,
        })
        return tooLarge(res)
      }
      byId.delete(id)
      const ms = now() - p.deliveredAt
      if (m[2] === 'response') p.settle({ kind: 'response', body, ms })
      else p.settle({ kind: 'error', ...parseError(body, req.headers), ms })
      return sendJson(res, 202, { status: 'OK' })
    }
    req.resume()
    sendJson(res, 404, error('NotFound', `No route ${req.method ?? ''} ${route}`))
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port

  return {
    address: `127.0.0.1:${port}`,
    port,
    initError,
    firstPoll,
    delivered: (requestId) => byId.get(requestId)?.delivered === true,
    invoke(event, invokeOptions = {}) {
      const requestId = invokeOptions.requestId ?? randomUUID()
      const size = Buffer.byteLength(event, 'utf8')
      if (size > MAX_EVENT_BYTES) {
        // Invoke refuses it (413) before any runtime sees it: so does this one.
        return Promise.resolve({
          kind: 'error',
          errorType: 'RequestEntityTooLargeException',
          errorMessage: `The event is ${size} bytes: Request must be smaller than ${MAX_EVENT_BYTES} bytes for the InvokeFunction operation (Lambda's synchronous payload limit).`,
          body: '',
          ms: 0,
        })
      }
      return new Promise<InvocationResult>((settle) => {
        const p: Pending = {
          requestId,
          event,
          options: invokeOptions,
          delivered: false,
          deliveredAt: 0,
          settle,
        }
        byId.set(requestId, p)
        queue.push(p)
        dispatch()
      })
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function error(
  errorType: string,
  errorMessage: string,
): { errorType: string; errorMessage: string } {
  return { errorType, errorMessage }
}

/** Parses an error body as the runtimes post it ({errorType, errorMessage, stackTrace?}). */
export function parseError(
  body: string,
  headers: http.IncomingHttpHeaders = {},
): LambdaErrorReport {
  const headerType = headers['lambda-runtime-function-error-type']
  let errorType = typeof headerType === 'string' ? headerType : ''
  let errorMessage = ''
  try {
    const parsed = JSON.parse(body) as unknown
    if (parsed !== null && typeof parsed === 'object') {
      const o = parsed as Record<string, unknown>
      if (typeof o.errorType === 'string' && o.errorType !== '') errorType = o.errorType
      if (typeof o.errorMessage === 'string') errorMessage = o.errorMessage
    }
  } catch {
    errorMessage = body
  }
  return { errorType: errorType || 'Unknown', errorMessage, body }
}

async function readBody(req: http.IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  let over = false
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) over = true
    else chunks.push(chunk)
  }
  return over ? undefined : Buffer.concat(chunks).toString('utf8')
}

function send(
  res: http.ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string>,
): void {
  const data = Buffer.from(body, 'utf8')
  res.writeHead(status, { ...headers, 'Content-Length': String(data.length) })
  res.end(data)
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), { 'Content-Type': 'application/json' })
}

function methodNotAllowed(res: http.ServerResponse): void {
  sendJson(res, 405, error('MethodNotAllowed', 'Method not allowed'))
}

function tooLarge(res: http.ServerResponse): void {
  sendJson(
    res,
    413,
    error('RequestEntityTooLarge', `Payload larger than ${MAX_RESPONSE_BYTES} bytes`),
  )
}
