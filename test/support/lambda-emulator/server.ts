/**
 * The HTTP server: 127.0.0.1 only, routes each request to its operation, counts calls per
 * operation and function, applies injected faults and latency, and closes itself after
 * `lifetimeMs`.
 */
import * as http from 'node:http'
import { LastUpdateStatusReasonCode } from '@aws-sdk/client-lambda'
import type { AddressInfo } from 'node:net'
import { PLACEHOLDER_ZIP, codeSha256 } from './code.js'
import { addVersion } from './layers.js'
import { imageDigestHex } from './image.js'
import { ApiError } from './errors.js'
import { OPERATIONS, WRITE_OPERATIONS } from './operations.js'
import { checkQuery, parseAuth, route, send, sendError, validateBody } from './protocol.js'
import type {
  EmulatorOptions,
  ErrorFault,
  Fault,
  FunctionState,
  LambdaEmulator,
  Operation,
  RequestRecord,
} from './types.js'
import { createWorld, defaultSettings } from './world.js'

export async function startLambdaEmulator(options: EmulatorOptions = {}): Promise<LambdaEmulator> {
  const world = createWorld(options)
  const { region, account, functions } = world
  let latencyMs = options.latencyMs ?? 0
  const faults: (Fault & { left: number })[] = []
  const counts = new Map<string, Record<Operation, number>>()
  const requests: RequestRecord[] = []

  const zeroCounts = (): Record<Operation, number> =>
    Object.fromEntries(OPERATIONS.map((o) => [o.name, 0])) as Record<Operation, number>
  const count = (name: string, op: Operation): void => {
    const c = counts.get(name) ?? zeroCounts()
    c[op] += 1
    counts.set(name, c)
  }

  const faultFor = (op: Operation, fnName: string | undefined): Fault | undefined => {
    const i = faults.findIndex(
      (f) =>
        f.operation === op && (f.function === undefined || f.function === fnName) && f.left > 0,
    )
    if (i < 0) return undefined
    const fault = faults[i] as Fault & { left: number }
    fault.left -= 1
    return fault
  }

  const faultError = (fault: ErrorFault, op: Operation, f: FunctionState | undefined): ApiError => {
    const arn = f?.arn ?? world.arnOf('unknown')
    const defaults: Record<string, string> = {
      ResourceConflictException: `The operation cannot be performed at this time. An update is in progress for resource: ${arn}`,
      AccessDeniedException: `User: arn:aws:sts::${account}:assumed-role/deploy/github-actions is not authorized to perform: lambda:${op} on resource: ${arn} because no identity-based policy allows the lambda:${op} action`,
      TooManyRequestsException: 'Rate exceeded',
      ServiceException: 'An internal error occurred.',
    }
    const headers: Record<string, string> = fault.status === 429 ? { 'retry-after': '1' } : {}
    return new ApiError(
      fault.status,
      fault.code,
      fault.message ?? defaults[fault.code] ?? fault.code,
      headers,
    )
  }

  const handle = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    raw: Buffer,
  ): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const method = req.method ?? 'GET'
    const segments = url.pathname
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s))
    let op: Operation | undefined
    let fnName: string | undefined
    let status = 500
    let accessKeyId: string | undefined
    const started = Date.now()
    try {
      if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs))
      const r = route(OPERATIONS, method, segments)
      if (r === undefined) {
        throw new ApiError(
          404,
          'UnknownOperationException',
          `Unknown operation: ${method} ${url.pathname}`,
        )
      }
      if (r === 'wrong-method') {
        throw new ApiError(
          400,
          'InvalidRequestContentException',
          `Method ${method} is not supported on ${url.pathname} by this emulator.`,
        )
      }
      op = r.def.name
      accessKeyId = parseAuth(req.headers.authorization, region)
      let known: FunctionState | undefined
      const given = r.params.FunctionName
      if (given !== undefined) {
        try {
          known = world.resolve(given).f
          fnName = known.name
        } catch {
          fnName = given
        }
        count(fnName, op)
      } else if (r.params.LayerName !== undefined) {
        fnName = `layer:${r.params.LayerName.replace(/^arn:.*:layer:/, '')}`
        count(fnName, op)
      }
      checkQuery(r.def, url.searchParams)
      const body = validateBody(r.def, raw, req.headers['content-type'])
      if (given === undefined && typeof body.FunctionName === 'string') {
        // CreateFunction names its function in the body.
        try {
          fnName = world.parseName(body.FunctionName).name
        } catch {
          fnName = body.FunctionName
        }
        count(fnName, op)
      }
      const fault = faultFor(op, fnName)
      if (fault !== undefined && 'status' in fault) throw faultError(fault, op, known)
      const [s, out, reply] = await r.def.handle(world, {
        params: r.params,
        body,
        query: url.searchParams,
        raw,
        headers: req.headers,
      })
      if (fault !== undefined && 'lostResponse' in fault) {
        // The operation landed; its answer never leaves.
        status = 0
        res.socket?.destroy()
      } else {
        if (fault !== undefined && 'change' in fault && known !== undefined) fault.change(known)
        status = s
        send(res, s, out, reply?.headers, reply?.raw)
      }
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(500, 'ServiceException', String(e))
      status = err.status
      sendError(res, err)
    }
    requests.push({
      method,
      path: url.pathname,
      operation: op,
      function: fnName,
      status,
      accessKeyId,
      started,
      at: Date.now(),
    })
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => void handle(req, res, Buffer.concat(chunks)))
  })

  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen))
  const port = (server.address() as AddressInfo).port
  const lifetime = setTimeout(() => void close(), options.lifetimeMs ?? 300_000)
  lifetime.unref()
  let closed: Promise<void> | undefined
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolveClose) => {
      clearTimeout(lifetime)
      server.closeAllConnections()
      server.close(() => resolveClose())
    })
    return closed
  }

  const emulator: LambdaEmulator = {
    url: `http://127.0.0.1:${port}`,
    region,
    account,
    addFunction(spec) {
      const codes: readonly string[] = Object.values(LastUpdateStatusReasonCode)
      if (spec.failUpdate !== undefined && !codes.includes(spec.failUpdate.reasonCode)) {
        throw new Error(
          `emulator: ${spec.failUpdate.reasonCode} is not a LastUpdateStatusReasonCode (${codes.join(', ')})`,
        )
      }
      const zip = spec.zip ?? PLACEHOLDER_ZIP
      const f = world.makeFunction({
        name: spec.name,
        packageType: spec.packageType ?? 'Zip',
        imageUri: spec.imageUri,
        architecture: spec.architecture ?? 'x86_64',
        zip,
        codeSha256: spec.imageUri !== undefined ? imageDigestHex(spec.imageUri) : codeSha256(zip),
        codeSize: spec.imageUri !== undefined ? 0 : zip.length,
        pendingMs: spec.pendingMs ?? 0,
        updateMs: spec.updateMs,
        failUpdate: spec.failUpdate,
        settings: {
          ...defaultSettings(account),
          ...(spec.packageType === 'Image' && { runtime: undefined, handler: undefined }),
          ...spec.settings,
        },
      })
      functions.set(spec.name, f)
      return f
    },
    fn(name) {
      const f = functions.get(name)
      if (f === undefined) throw new Error(`emulator: no function ${name}`)
      world.settle(f)
      return f
    },
    addLayerVersion(spec) {
      const zip = spec.zip ?? PLACEHOLDER_ZIP
      return addVersion(world, spec.name, {
        codeSha256: codeSha256(zip),
        codeSize: zip.length,
        zip,
        description: '',
        compatibleRuntimes: spec.compatibleRuntimes,
        compatibleArchitectures: spec.compatibleArchitectures,
        licenseInfo: undefined,
        s3Source: undefined,
      }).version.arn
    },
    layer(name) {
      return world.layers.get(name)
    },
    inject(fault) {
      faults.push({ ...fault, left: fault.times ?? Number.POSITIVE_INFINITY })
    },
    clearFaults() {
      faults.length = 0
    },
    setLatency(ms) {
      latencyMs = ms
    },
    calls(name) {
      if (name !== undefined) return { ...(counts.get(name) ?? zeroCounts()) }
      const total = zeroCounts()
      for (const c of counts.values()) {
        for (const op of Object.keys(total) as Operation[]) total[op] += c[op]
      }
      return total
    },
    writes(name) {
      const c = emulator.calls(name)
      return WRITE_OPERATIONS.reduce((n, op) => n + c[op], 0)
    },
    requests,
    maxInFlight(which = () => true) {
      const edges = requests
        .filter(which)
        .flatMap((r) => [
          [r.started, 1],
          [r.at, -1],
        ])
        // At the same instant an answer is counted before an arrival: touching is not overlapping.
        .sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number))
      let now = 0
      let max = 0
      for (const [, d] of edges) max = Math.max(max, (now += d as number))
      return max
    },
    close,
  }
  return emulator
}
