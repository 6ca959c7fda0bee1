/**
 * Lambda's REST-JSON protocol, strictly: routing by method and path, the SigV4 Authorization
 * header (scoped to the region and to `lambda`), the JSON body's fields and types, and the shape
 * of responses and errors.
 */
import { randomUUID } from 'node:crypto'
import type * as http from 'node:http'
import { ApiError, invalidContent } from './errors.js'
import type { OperationDef } from './operation.js'

export type Route =
  | { readonly def: OperationDef; readonly params: Record<string, string> }
  | 'wrong-method'
  | undefined

function match(
  pattern: readonly string[],
  segments: readonly string[],
): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined
  const params: Record<string, string> = {}
  for (const [i, p] of pattern.entries()) {
    const s = segments[i] as string
    if (p.startsWith('{') && p.endsWith('}')) params[p.slice(1, -1)] = s
    else if (p !== s) return undefined
  }
  return params
}

export function route(
  operations: readonly OperationDef[],
  method: string,
  segments: readonly string[],
): Route {
  let pathKnown = false
  for (const def of operations) {
    const params = match(def.path, segments)
    if (params === undefined) continue
    pathKnown = true
    if (def.method === method) return { def, params }
  }
  return pathKnown ? 'wrong-method' : undefined
}

/** The access key id of a well-formed SigV4 header scoped to `region` and `lambda`. */
export function parseAuth(header: string | undefined, region: string): string {
  if (header === undefined) {
    throw new ApiError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token')
  }
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=[^,]+, ?Signature=[0-9a-f]{64}$/.exec(
      header,
    )
  if (m === null) {
    throw new ApiError(
      403,
      'IncompleteSignatureException',
      `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' (SigV4).`,
    )
  }
  if (m[3] !== region) {
    throw new ApiError(
      403,
      'InvalidSignatureException',
      `Credential should be scoped to a valid region. (got ${m[3]}, expected ${region})`,
    )
  }
  if (m[4] !== 'lambda') {
    throw new ApiError(
      403,
      'InvalidSignatureException',
      `Credential should be scoped to correct service: 'lambda'.`,
    )
  }
  return m[1] as string
}

export function checkQuery(def: OperationDef, query: URLSearchParams): void {
  for (const k of query.keys()) {
    if (!(def.query ?? []).includes(k)) {
      throw invalidContent(`Unknown query parameter ${k} for ${def.name}.`)
    }
  }
}

export function validateBody(
  def: OperationDef,
  raw: Buffer,
  contentType: string | undefined,
): Record<string, unknown> {
  const fields = def.body
  if (def.rawBody === true) {
    if (def.maxBodyBytes !== undefined && raw.length > def.maxBodyBytes) {
      throw new ApiError(
        413,
        'RequestEntityTooLargeException',
        `Request must be smaller than ${def.maxBodyBytes} bytes for the ${def.name} operation`,
      )
    }
    return {}
  }
  if (fields === undefined) {
    if (raw.length > 0) throw invalidContent(`${def.name} takes no request body.`)
    return {}
  }
  if (def.maxBodyBytes !== undefined && raw.length > def.maxBodyBytes) {
    throw new ApiError(
      413,
      'RequestEntityTooLargeException',
      `Request must be smaller than ${def.maxBodyBytes} bytes for the ${def.name} operation`,
    )
  }
  if (!contentType?.startsWith('application/json')) {
    throw invalidContent(`Content-Type must be application/json, got ${contentType ?? 'none'}.`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(raw.length === 0 ? '{}' : raw.toString('utf8'))
  } catch (e) {
    throw invalidContent(`Could not parse request body into json: ${(e as Error).message}`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidContent('Could not parse request body into json: expected an object')
  }
  for (const [k, v] of Object.entries(parsed)) {
    const type = fields[k]
    if (type === undefined) {
      throw invalidContent(
        `Could not parse request body into json: Unrecognized field "${k}" (class com.amazonaws.lambda.${def.name}Request), not marked as ignorable`,
      )
    }
    const actual = Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v
    if (actual !== type) {
      throw invalidContent(
        `Could not parse request body into json: field "${k}" must be ${type}, got ${actual}`,
      )
    }
  }
  return parsed as Record<string, unknown>
}

export function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
  raw?: Buffer,
): void {
  const text = raw ?? JSON.stringify(body)
  res.writeHead(status, {
    'content-type': raw === undefined ? 'application/json' : 'application/octet-stream',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  })
  res.end(text)
}

export function sendError(res: http.ServerResponse, e: ApiError): void {
  // Lambda's error bodies: most use `message`, ResourceNotFound and AccessDenied `Message`.
  const key =
    e.code === 'ResourceNotFoundException' || e.code === 'AccessDeniedException'
      ? 'Message'
      : 'message'
  const extra = e.code === 'TooManyRequestsException' ? { Reason: 'CallerRateLimitExceeded' } : {}
  send(
    res,
    e.status,
    { Type: 'User', [key]: e.message, ...extra },
    { 'x-amzn-errortype': e.code, ...e.headers },
  )
}
