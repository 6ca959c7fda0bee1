/** Updates Lambda function code through the SDK. (Issue: deploy.) */
import type { Config, DeployConfig } from '../config.js'
import { ActionError } from '../errors.js'
import type { SmokeResults } from '../smoke/index.js'
import type { Artifact, DeployOutcome } from '../types.js'

export async function deployFunctions(
  _config: Config,
  _deploy: DeployConfig,
  _artifacts: readonly Artifact[],
  _smoke: SmokeResults,
): Promise<DeployOutcome[]> {
  await Promise.resolve()
  throw new ActionError('Deploying is not implemented yet.')
}
