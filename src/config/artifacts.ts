/** `from-artifacts` (deploy-only mode): the `artifacts` JSON of an earlier run, or a folder. */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { Inputs } from '../constants.js'
import { InputError } from '../errors.js'
import type { ArtifactRecord, ArtifactSource } from '../types.js'
import { insideWorkspace } from './parsers.js'

const HEX64 = /^[0-9a-f]{64}$/
const BIN = /^[A-Za-z0-9_.+-]{1,128}$/

/** undefined: this run builds. Throws InputError for JSON of the wrong shape or a missing folder. */
export function parseFromArtifacts(value: string, workspace: string): ArtifactSource | undefined {
  if (value === '') return undefined
  if (value.startsWith('[') || value.startsWith('{')) {
    return { kind: 'records', records: parseRecords(value, workspace) }
  }
  const folder = path.resolve(workspace, value)
  if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    throw new InputError(
      Inputs.FromArtifacts,
      value,
      `is neither the JSON of an 'artifacts' output nor an existing folder (looked for ${folder}). Give '\${{ steps.<id>.outputs.artifacts }}', or the 'path' actions/download-artifact downloaded to.`,
    )
  }
  return { kind: 'folder', path: folder }
}

function parseRecords(value: string, workspace: string): ArtifactRecord[] {
  const fail = (why: string): never => {
    throw new InputError(
      Inputs.FromArtifacts,
      value,
      `${why} Give the 'artifacts' output of the build step as it is ('\${{ steps.<id>.outputs.artifacts }}').`,
    )
  }
  let data: unknown
  try {
    data = JSON.parse(value)
  } catch (e) {
    return fail(`is not valid JSON (${(e as Error).message}).`)
  }
  if (!Array.isArray(data) || data.length === 0) {
    return fail('must be a JSON array with at least one zip.')
  }
  return data.map((raw: unknown, i): ArtifactRecord => {
    const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
    const where = `entry ${i + 1}`
    const text = (field: string): string => {
      const v = r[field]
      return typeof v === 'string' && v !== '' ? v : fail(`${where} has no '${field}'.`)
    }
    const bin = text('bin')
    if (!BIN.test(bin))
      fail(`${where} has the binary name '${bin}', which is not a cargo binary name.`)
    const architecture = text('architecture')
    if (architecture !== 'arm64' && architecture !== 'x86_64') {
      fail(`${where} has the architecture '${architecture}'; expected arm64 or x86_64.`)
    }
    const kind = r.kind === undefined ? 'function' : r.kind
    if (kind !== 'function' && kind !== 'extension') {
      fail(`${where} has the kind ${JSON.stringify(kind)}; expected function or extension.`)
    }
    const sha256 = typeof r.sha256 === 'string' ? r.sha256.toLowerCase() : undefined
    if (sha256 !== undefined && !HEX64.test(sha256))
      fail(`${where} has a sha256 that is not 64 hex digits.`)
    return {
      bin,
      kind: kind as ArtifactRecord['kind'],
      architecture: architecture as ArtifactRecord['architecture'],
      target: text('target'),
      zipPath: path.resolve(workspace, text('zipPath')),
      sha256,
    }
  })
}

/**
 * The working directory in deploy-only mode: only used to find a `smoke-event` file, so it need
 * not be a Cargo project, but it must stay inside the workspace.
 */
export function workspaceFolder(value: string, workspace: string): string {
  const resolved = path.resolve(workspace, value)
  insideWorkspace(value, resolved, workspace)
  return resolved
}
