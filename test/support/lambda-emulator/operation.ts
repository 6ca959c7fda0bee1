/** How one API operation is declared: its route, its request shape and its handler. */
import type { Operation } from './types.js'
import type { World } from './world.js'

export type FieldType = 'string' | 'boolean' | 'number' | 'array' | 'object'

export interface OperationRequest {
  /** The path's `{placeholders}`, decoded (e.g. FunctionName, Name). */
  readonly params: Readonly<Record<string, string>>
  readonly body: Record<string, unknown>
  readonly query: URLSearchParams
  /** The raw body (the payload of an operation with `rawBody`). */
  readonly raw: Buffer
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
}

/** How an answer leaves besides its JSON: extra headers, or a raw body instead of JSON. */
export interface Reply {
  readonly headers?: Readonly<Record<string, string>>
  readonly raw?: Buffer
}

export interface OperationDef {
  readonly name: Operation
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE'
  /** Path segments with `{Placeholder}`s, API version first: ['2015-03-31', 'functions', '{FunctionName}']. */
  readonly path: readonly string[]
  /** Changes state (counted by `writes()`). */
  readonly write: boolean
  /** The JSON body's fields and their types; absent: the operation takes no body. */
  readonly body?: Readonly<Record<string, FieldType>>
  /** Query parameters the operation accepts; any other is refused. */
  readonly query?: readonly string[]
  /** Caps the raw body (413 RequestEntityTooLargeException beyond it). */
  readonly maxBodyBytes?: number
  /** The body is an opaque payload (Invoke), not a JSON request. */
  readonly rawBody?: boolean
  handle(
    world: World,
    request: OperationRequest,
  ): Promise<[number, unknown] | [number, unknown, Reply]>
}
