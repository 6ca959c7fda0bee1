/** The post step: save the caches main asked for. It never fails the job. */
import * as core from '@actions/core'
import { failureMessage } from './errors.js'
import { loadState } from './state.js'
import { saveCargoCache } from './cache/cargo.js'
import { writeSaveSummary } from './report/summary.js'
import { saveToolCaches } from './tools/index.js'

export async function runPost(): Promise<void> {
  try {
    const state = loadState()
    if (state.tools) await saveToolCaches(state.tools)
    if (state.cargoCache) {
      await writeSaveSummary(await saveCargoCache(state.cargoCache, state.buildSucceeded === true))
    }
  } catch (error) {
    core.warning(`Saving the caches failed: ${failureMessage(error)}`)
  }
}
