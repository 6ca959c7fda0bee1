/** The alias resource: GetAlias, CreateAlias and UpdateAlias. */
import { randomUUID } from 'node:crypto'
import { checkRevision, conflict, notFound, validation } from './errors.js'
import type { OperationDef } from './operation.js'
import type { AliasState, FunctionState } from './types.js'

const ALIAS_NAME = /^(?!^[0-9]+$)[a-zA-Z0-9_-]{1,128}$/
const ALIASES = ['2015-03-31', 'functions', '{FunctionName}', 'aliases']

export const aliasJson = (f: FunctionState, a: AliasState): Record<string, unknown> => ({
  AliasArn: `${f.arn}:${a.name}`,
  Name: a.name,
  FunctionVersion: a.functionVersion,
  Description: a.description,
  RevisionId: a.revisionId,
})

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
    const a: AliasState = {
      name,
      functionVersion: body.FunctionVersion,
      revisionId: randomUUID(),
      description: typeof body.Description === 'string' ? body.Description : '',
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
    if (typeof body.FunctionVersion === 'string') {
      world.checkVersion(f, body.FunctionVersion)
      a.functionVersion = body.FunctionVersion
    }
    if (typeof body.Description === 'string') a.description = body.Description
    a.revisionId = randomUUID()
    await Promise.resolve()
    return [200, aliasJson(f, a)]
  },
}

export const ALIAS_OPERATIONS: readonly OperationDef[] = [getAlias, createAlias, updateAlias]
