/** Saves and loads the one object main hands to the post step (as rust-cache does). */
import * as core from '@actions/core'
import { StateKey } from './constants.js'
import type { PostState } from './types.js'

export function saveState(state: PostState): void {
  core.saveState(StateKey, JSON.stringify(state))
}

export function loadState(): PostState {
  const raw = core.getState(StateKey)
  if (raw === '') return {}
  return JSON.parse(raw) as PostState
}
