/** The version resource: PublishVersion. */
import { randomUUID } from 'node:crypto'
import { checkRevision, invalidParameter, validation } from './errors.js'
import type { OperationDef } from './operation.js'
import type { VersionState } from './types.js'
import { versionContent } from './world.js'

export const publishVersion: OperationDef = {
  name: 'PublishVersion',
  method: 'POST',
  path: ['2015-03-31', 'functions', '{FunctionName}', 'versions'],
  write: true,
  body: { CodeSha256: 'string', Description: 'string', RevisionId: 'string', PublishTo: 'string' },
  handle: async (world, { params, body }) => {
    const { f } = world.resolve(params.FunctionName ?? '')
    world.busy(f)
    checkRevision(f.revisionId, body.RevisionId)
    if (body.CodeSha256 !== undefined && body.CodeSha256 !== f.codeSha256) {
      throw invalidParameter(
        `CodeSHA256 (${body.CodeSha256 as string}) is different from current CodeSHA256 in $LATEST (${f.codeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
      )
    }
    // "Lambda doesn't publish a version if the function's configuration and code haven't changed
    // since the last version" (API reference, PublishVersion): it answers with that version. The
    // test is the content, not the RevisionId: an update with the same zip still publishes nothing.
    const last = f.versions.at(-1)
    if (last !== undefined && versionContent(last) === versionContent(f)) {
      return [201, world.configuration(f, last)]
    }
    const v: VersionState = {
      version: String(f.versions.length + 1),
      codeSha256: f.codeSha256,
      codeSize: f.codeSize,
      architectures: [...f.architectures],
      revisionId: randomUUID(),
      zip: f.zip,
      settings: structuredClone(f.settings),
    }
    f.versions.push(v)
    await Promise.resolve()
    return [201, world.configuration(f, v)]
  },
}

/**
 * ListVersionsByFunction: $LATEST first, then every published version in order, `MaxItems` (1 to
 * 10,000, default 50) per page with `NextMarker` / `Marker` (API reference).
 */
export const listVersionsByFunction: OperationDef = {
  name: 'ListVersionsByFunction',
  method: 'GET',
  path: ['2015-03-31', 'functions', '{FunctionName}', 'versions'],
  write: false,
  query: ['Marker', 'MaxItems'],
  handle: async (world, { params, query }) => {
    const { f } = world.resolve(params.FunctionName ?? '')
    const max = Number(query.get('MaxItems') ?? '50')
    if (!Number.isInteger(max) || max < 1 || max > 10_000) {
      throw validation(
        `1 validation error detected: Value '${query.get('MaxItems') ?? ''}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 10000`,
      )
    }
    const all = [world.configuration(f), ...f.versions.map((v) => world.configuration(f, v))]
    const start = Number(query.get('Marker') ?? '0')
    if (!Number.isInteger(start) || start < 0 || start > all.length) {
      throw invalidParameter('Invalid Marker.')
    }
    const page = all.slice(start, start + max)
    const next = start + max < all.length ? String(start + max) : undefined
    await Promise.resolve()
    return [200, { Versions: page, ...(next !== undefined ? { NextMarker: next } : {}) }]
  },
}

export const VERSION_OPERATIONS: readonly OperationDef[] = [publishVersion, listVersionsByFunction]
