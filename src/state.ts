/** Saves and loads the one object main hands to the post step (as rust-cache does). */
import * as core from '@actions/core'
import { StateKey } from './constants.js'
import { ActionError } from './errors.js'
import type { PostState } from './types.js'

/** Saved state the post step cannot use: its message says what is wrong with it. */
export class StateError extends ActionError {
  override name = 'StateError'
}

export function saveState(state: PostState): void {
  core.saveState(StateKey, JSON.stringify(state))
}

/** The state main saved, checked; {} when there is none (main stopped before saving any). */
export function loadState(): PostState {
  return parseState(core.getState(StateKey))
}

/**
 * Pure: the PostState in `raw`, with the fields the post step uses checked, so a truncated or
 * foreign value is named as such instead of failing later inside a cache save.
 */
export function parseState(raw: string): PostState {
  if (raw.trim() === '') return {}
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    throw new StateError(
      `the saved state '${StateKey}' is not JSON (${raw.length} characters): was it written by another version of the action?`,
    )
  }
  if (!isObject(value)) throw malformed('is not an object')
  const { tools, cargoCache } = value
  if (tools !== undefined) {
    if (!isObject(tools) || !Array.isArray(tools.entries))
      throw malformed('tools.entries is not a list')
    for (const [i, e] of tools.entries.entries()) {
      if (!isObject(e) || typeof e.key !== 'string' || !isStringList(e.paths))
        throw malformed(`tools.entries[${i}] has no key and paths`)
    }
  }
  if (cargoCache !== undefined) {
    if (!isObject(cargoCache)) throw malformed('cargoCache is not an object')
    for (const k of ['key', 'targetDir', 'cargoHome', 'workspaceRoot'] as const)
      if (typeof cargoCache[k] !== 'string') throw malformed(`cargoCache.${k} is not a string`)
    for (const k of ['paths', 'members'] as const)
      if (!isStringList(cargoCache[k])) throw malformed(`cargoCache.${k} is not a list of strings`)
    for (const k of ['hit', 'save', 'accessTimes'] as const)
      if (typeof cargoCache[k] !== 'boolean')
        throw malformed(`cargoCache.${k} is not true or false`)
    if (typeof cargoCache.buildStartMs !== 'number')
      throw malformed('cargoCache.buildStartMs is not a number')
  }
  return value
}

function malformed(what: string): StateError {
  return new StateError(`the saved state '${StateKey}' is malformed: ${what}`)
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string')
}
