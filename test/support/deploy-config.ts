import type { DeployConfig } from '../../src/types.js'

/** A DeployConfig with readConfig's defaults, overridden by `over`. */
export function deployConfig(over: Partial<DeployConfig> = {}): DeployConfig {
  return {
    functionName: undefined,
    functions: [],
    alias: undefined,
    publish: false,
    s3Bucket: undefined,
    s3KeyPrefix: 'rust-lambda-action',
    dryRun: false,
    force: false,
    region: undefined,
    concurrency: 4,
    verify: undefined,
    aliasWeight: 1,
    promote: false,
    create: undefined,
    configuration: {},
    layers: { name: undefined, mappings: [], attach: false },
    ...over,
  }
}
