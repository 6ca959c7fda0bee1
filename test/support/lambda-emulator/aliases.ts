/** The alias resource: GetAlias, CreateAlias and UpdateAlias. */
import { randomUUID } from 'node:crypto'
import {
  checkRevision,
  conflict,
  invalidContent,
  invalidParameter,
  notFound,
  validation,
} from './errors.js'
import type { OperationDef } from './operation.js'
import type { AliasState, FunctionState } from './types.js'
import type { World } from './world.js'

const ALIAS_NAME = /^(?!^[0-9]+$)[a-zA-Z0-9_-]{1,128}$/
const ALIASES = ['2015-03-31', 'functions', '{FunctionName}', 'aliases']

export const aliasJson = (f: FunctionState, a: AliasState): Record<string, unknown> => ({
  AliasArn: `${f.arn}:${a.name}`,
  Name: a.name,
  FunctionVersion: a.functionVersion,
  Description: a.description,
  ...(a.weights !== undefined && Object.keys(a.weights).length > 0
    ? { RoutingConfig: { AdditionalVersionWeights: { ...a.weights } } }
    : {}),
  RevisionId: a.revisionId,
})

/**
 * RoutingConfig (AliasRoutingConfiguration): at most one additional version, a published one
 * other than the primary, with a weight from 0.0 to 1.0; the primary must be a published version
 * too (an alias on $LATEST cannot route). An empty map clears the routing.
 */
function routing(
  world: World,
  f: FunctionState,
  primary: string,
  config: unknown,
): Record<string, number> {
  const weights = (config as { AdditionalVersionWeights?: unknown }).AdditionalVersionWeights
  const extra = Object.keys(config as object).filter((k) => k !== 'AdditionalVersionWeights')
  if (extra.length > 0) {
    throw invalidContent(
      `Could not parse request body into json: Unrecognized field "${extra[0] ?? ''}" (class com.amazonaws.lambda.AliasRoutingConfiguration), not marked as ignorable`,
    )
  }
  if (weights === undefined) return {}
  if (typeof weights !== 'object' || weights === null || Array.isArray(weights)) {
    throw invalidContent(
      'Could not parse request body into json: AdditionalVersionWeights must be a map',
    )
  }
  const entries = Object.entries(weights as Record<string, unknown>)
  if (entries.length === 0) return {}
  if (entries.length > 1) {
    throw invalidParameter('Number of additional versions must be less than or equal to 1.')
  }
  const [version, weight] = entries[0] as [string, unknown]
  if (typeof weight !== 'number' || !(weight >= 0 && weight <= 1)) {
    throw validation(
      `1 validation error detected: Value '${String(weight)}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0]`,
    )
  }
  if (primary === '$LATEST' || version === '$LATEST') {
    throw invalidParameter('$LATEST is not supported for an alias pointing to more than 1 version')
  }
  if (version === primary) {
    throw invalidParameter(
      `Invalid function version ${version}. Function version ${version} is already included in routing configuration.`,
    )
  }
  world.checkVersion(f, version)
  return { [version]: weight }
}

export const getAlias: OperationDef = {
  name: 'GetAlias',
  method: 'GET',
  path: [...ALIASES, '{Name}'],
  write: false,
  handle: async (world, { params }) => {
    const { f } = world.resolve(params.FunctionName ?? '')
    const a = f.aliases.get(params.Name ?? '')
    if (a === undefined) throw notFound(`Cannot find alias arn: ${f.arn}:${params.Name ?? ''}`)
    await Promise.resolve()
    return [200, aliasJson(f, a)]
  },
}

export const createAlias: OperationDef = {
  name: 'CreateAlias',
  method: 'POST',
  path: ALIASES,
  write: true,
  body: {
    Name: 'string',
    FunctionVersion: 'string',
    Description: 'string',
    RoutingConfig: 'object',
  },
  handle: async (world, { params, body }) => {
    const { f } = world.resolve(params.FunctionName ?? '')
    const name = body.Name
    if (typeof name !== 'string' || !ALIAS_NAME.test(name)) {
      throw validation(
        `1 validation error detected: Value '${String(name)}' at 'name' failed to satisfy constraint`,
      )
    }
    if (typeof body.FunctionVersion !== 'string') {
      throw validation(
        "1 validation error detected: Value null at 'functionVersion' failed to satisfy constraint: Member must not be null",
      )
    }
    if (f.aliases.has(name)) throw conflict(`Alias already exists: ${f.arn}:${name}`)
    world.checkVersion(f, body.FunctionVersion)
    const weights =
      body.RoutingConfig === undefined
        ? {}
        : routing(world, f, body.FunctionVersion, body.RoutingConfig)
    const a: AliasState = {
      name,
      functionVersion: body.FunctionVersion,
      revisionId: randomUUID(),
      description: typeof body.Description === 'string' ? body.Description : '',
      weights,
    }
    f.aliases.set(name, a)
    await Promise.resolve()
    return [201, aliasJson(f, a)]
  },
}

export const updateAlias: OperationDef = {
  name: 'UpdateAlias',
  method: 'PUT',
  path: [...ALIASES, '{Name}'],
  write: true,
  body: {
    FunctionVersion: 'string',
    Description: 'string',
    RoutingConfig: 'object',
    RevisionId: 'string',
  },
  handle: async (world, { params, body }) => {
    const { f } = world.resolve(params.FunctionName ?? '')
    const a = f.aliases.get(params.Name ?? '')
    if (a === undefined) throw notFound(`Alias not found: ${f.arn}:${params.Name ?? ''}`)
    checkRevision(a.revisionId, body.RevisionId)
    const primary =
      typeof body.FunctionVersion === 'string' ? body.FunctionVersion : a.functionVersion
    world.checkVersion(f, primary)
    // Without RoutingConfig the routing is kept, and must still fit the (new) primary.
    const weights =
      body.RoutingConfig === undefined
        ? routing(world, f, primary, { AdditionalVersionWeights: a.weights ?? {} })
        : routing(world, f, primary, body.RoutingConfig)
    a.functionVersion = primary
    a.weights = weights
    if (typeof body.Description === 'string') a.description = body.Description
    a.revisionId = randomUUID()
    await Promise.resolve()
    return [200, aliasJson(f, a)]
  },
}

export const ALIAS_OPERATIONS: readonly OperationDef[] = [getAlias, createAlias, updateAlias]
