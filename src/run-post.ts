/** The post step: save the caches main asked for. It never fails the job. */
import * as core from '@actions/core'
import { failureMessage } from './errors.js'
import { loadState, StateError } from './state.js'
import { saveCargoCache } from './cache/save.js'
import { writeSaveSummary } from './report/summary.js'
import { saveToolCaches } from './tools/index.js'

export async function runPost(): Promise<void> {
  try {
    const state = loadState()
    if (state.tools === undefined && state.cargoCache === undefined) {
      core.info('Nothing to save: the main step left no cache to save.')
      return
    }
    if (state.tools) await saveToolCaches(state.tools)
    if (state.cargoCache) {
      await writeSaveSummary(await saveCargoCache(state.cargoCache, state.buildSucceeded === true))
    }
  } catch (error) {
    if (error instanceof StateError)
      core.warning(
        `Saving the caches skipped: ${error.message}. Nothing was saved; the next run starts cold.`,
      )
    else core.warning(`Saving the caches failed: ${failureMessage(error)}`)
  }
}
