/**
 * A local Amazon ECR control-plane emulator for the image tests: `GetAuthorizationToken` only, in
 * ECR's documented awsJson1.1 protocol (POST /, `X-Amz-Target:
 * AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken`). It answers with base64 `AWS:<password>`
 * and a `proxyEndpoint`: pointed at the local registry, the action's registry calls land there.
 * Strict, like the Lambda emulator: other targets, unknown fields, malformed registryIds or a
 * request without a SigV4 Authorization scoped to `ecr` are errors. Access can be denied, and
 * calls are counted. Binds 127.0.0.1 only and closes itself after `lifetimeMs`.
 */
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface EcrEmulatorOptions {
  /** Where the returned proxyEndpoint points (the local registry's URL). */
  readonly proxyEndpoint: string
  /** The registry password the token carries (the registry's htpasswd user must be `AWS`). */
  readonly password: string
  readonly region?: string
  readonly lifetimeMs?: number
}

export interface EcrEmulator {
  readonly url: string
  readonly calls: { target: string; registryIds: unknown }[]
  /** When set, GetAuthorizationToken answers 400 AccessDeniedException with this message. */
  deny: string | undefined
  stop(): Promise<void>
}

const PREFIX = 'AmazonEC2ContainerRegistry_V20150921.'

export async function startEcrEmulator(options: EcrEmulatorOptions): Promise<EcrEmulator> {
  const region = options.region ?? 'us-east-1'
  const calls: EcrEmulator['calls'] = []
  const state: { deny: string | undefined } = { deny: undefined }
  const send = (res: http.ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' })
    res.end(JSON.stringify(body))
  }
  const error = (res: http.ServerResponse, status: number, type: string, message: string): void =>
    send(res, status, { __type: type, message })

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '')
      if (req.method !== 'POST' || req.url !== '/') {
        return error(res, 404, 'UnknownOperationException', `${req.method} ${req.url}`)
      }
      const auth = String(req.headers.authorization ?? '')
      if (
        !new RegExp(`^AWS4-HMAC-SHA256 Credential=[^/]+/\\d{8}/${region}/ecr/aws4_request`).test(
          auth,
        )
      ) {
        return error(
          res,
          403,
          'UnrecognizedClientException',
          'The security token included in the request is invalid.',
        )
      }
      if (target !== `${PREFIX}GetAuthorizationToken`) {
        return error(
          res,
          400,
          'UnknownOperationException',
          `The emulator does not implement ${target}.`,
        )
      }
      let body: Record<string, unknown>
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>
      } catch {
        return error(res, 400, 'SerializationException', 'Body is not JSON.')
      }
      const unknown = Object.keys(body).filter((k) => k !== 'registryIds')
      if (unknown.length > 0)
        return error(res, 400, 'SerializationException', `Unknown field ${unknown[0]}.`)
      const ids = body.registryIds
      if (
        ids !== undefined &&
        (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || !/^\d{12}$/.test(id)))
      ) {
        return error(res, 400, 'InvalidParameterException', "Invalid parameter at 'registryIds'.")
      }
      calls.push({ target, registryIds: ids })
      if (state.deny !== undefined) return error(res, 400, 'AccessDeniedException', state.deny)
      send(res, 200, {
        authorizationData: [
          {
            authorizationToken: Buffer.from(`AWS:${options.password}`).toString('base64'),
            expiresAt: Math.floor(Date.now() / 1000) + 12 * 3600,
            proxyEndpoint: options.proxyEndpoint,
          },
        ],
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  let stopped = false
  const stop = async (): Promise<void> => {
    if (stopped) return
    stopped = true
    clearTimeout(timer)
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  const timer = setTimeout(() => void stop(), options.lifetimeMs ?? 10 * 60_000)
  timer.unref()
  return {
    url,
    calls,
    get deny() {
      return state.deny
    },
    set deny(v) {
      state.deny = v
    },
    stop,
  }
}
