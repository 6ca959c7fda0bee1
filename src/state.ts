/** The one object main hands to the post step through saved state (as rust-cache does). */
import * as core from '@actions/core'
import { StateKey } from './constants.js'
import type { CargoCacheState } from './cache/cargo.js'
import type { ToolCacheState } from './tools/index.js'

export interface PostState {
  /** Set by the cargo cache restore; undefined when caching is off. */
  cargoCache?: CargoCacheState
  /** Tool folders to save to the Actions cache (those not restored from it). */
  tools?: ToolCacheState
}

export function saveState(state: PostState): void {
  core.saveState(StateKey, JSON.stringify(state))
}

export function loadState(): PostState {
  const raw = core.getState(StateKey)
  if (raw === '') return {}
  return JSON.parse(raw) as PostState
}
